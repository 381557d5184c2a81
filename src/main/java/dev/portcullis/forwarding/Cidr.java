package dev.portcullis.forwarding;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 address block such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare
 * address is a block of one.
 *
 * @param network the block's address bytes
 * @param prefixLength how many leading bits must match
 */
public record Cidr(byte[] network, int prefixLength) {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

	/**
	 * Parses a block, or throws {@link IllegalArgumentException} saying why it is not
	 * one. Host names are refused, so parsing never looks anything up.
	 */
	public static Cidr parse(String text) {
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		String address = (slash >= 0) ? trimmed.substring(0, slash) : trimmed;
		InetAddress parsed = parseAddress(address);
		if (parsed == null) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
		}
		if (address.indexOf(':') >= 0 && parsed.getAddress().length == 4) {
			throw new IllegalArgumentException(
					"'" + text + "' is an IPv4-mapped IPv6 block; write the IPv4 block (such as 10.0.0.0/8) instead");
		}
		int maxBits = parsed.getAddress().length * 8;
		int prefix = maxBits;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(trimmed.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				prefix = -1;
			}
			if (prefix < 0 || prefix > maxBits) {
				throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + maxBits);
			}
		}
		return new Cidr(parsed.getAddress(), prefix);
	}

	/**
	 * Parses an IP address literal (IPv6 optionally in brackets), or returns {@code null}
	 * when the text is not one. Never resolves a host name.
	 */
	public static @Nullable InetAddress parseAddress(String text) {
		String candidate = text.trim();
		if (candidate.startsWith("[") && candidate.endsWith("]")) {
			candidate = candidate.substring(1, candidate.length() - 1);
		}
		boolean literal = isIpv4Literal(candidate)
				|| (candidate.indexOf(':') >= 0 && IPV6.matcher(candidate).matches());
		if (!literal) {
			return null;
		}
		try {
			return InetAddress.getByName(candidate);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/**
	 * Four dotted decimal octets, each 0 to 255. Anything else that looks numeric (such
	 * as {@code 999.1.1.1}) would be taken by {@link InetAddress#getByName} as a host
	 * name and looked up.
	 */
	private static boolean isIpv4Literal(String candidate) {
		if (!IPV4.matcher(candidate).matches()) {
			return false;
		}
		for (String octet : candidate.split("\\.")) {
			if (Integer.parseInt(octet) > 255) {
				return false;
			}
		}
		return true;
	}

	public boolean contains(InetAddress address) {
		byte[] candidate = address.getAddress();
		if (candidate.length != this.network.length) {
			return false;
		}
		int fullBytes = this.prefixLength / 8;
		for (int i = 0; i < fullBytes; i++) {
			if (candidate[i] != this.network[i]) {
				return false;
			}
		}
		int remainingBits = this.prefixLength % 8;
		if (remainingBits == 0) {
			return true;
		}
		int mask = (0xFF << (8 - remainingBits)) & 0xFF;
		return (candidate[fullBytes] & mask) == (this.network[fullBytes] & mask);
	}

}
