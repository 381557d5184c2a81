package dev.portcullis.observability;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Keeps a client's request id when it is sane and makes one up otherwise. Sane means one
 * value of 1 to 128 characters from a conservative set, so an id can be logged and echoed
 * without escaping or header injection.
 */
final class RequestIds {

	private static final Pattern SANE = Pattern.compile("[A-Za-z0-9_.:+/=@-]{1,128}");

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private RequestIds() {
	}

	/** The client's id when it sent exactly one sane value, else a new one. */
	static String acceptOrGenerate(List<String> received) {
		if (received.size() == 1 && isSane(received.get(0))) {
			return received.get(0);
		}
		return generate();
	}

	static boolean isSane(String id) {
		return SANE.matcher(id).matches();
	}

	/**
	 * 128 random bits as 32 hex digits. Ids need to be unique, not unpredictable, so this
	 * avoids SecureRandom and its possible blocking on the event loop.
	 */
	static String generate() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] id = new char[32];
		long high = random.nextLong();
		long low = random.nextLong();
		for (int i = 0; i < 16; i++) {
			id[i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xF];
			id[16 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xF];
		}
		return new String(id);
	}

}
