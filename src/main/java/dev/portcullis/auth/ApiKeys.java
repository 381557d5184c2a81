package dev.portcullis.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The API keys of a profile, kept only as SHA-256 hashes. A presented key is hashed and
 * compared with every configured hash in constant time, so neither the configuration nor
 * the timing of a refusal gives a key away.
 */
final class ApiKeys {

	private final Map<String, byte[]> hashesByName;

	ApiKeys(Map<String, byte[]> hashesByName) {
		Map<String, byte[]> copy = new LinkedHashMap<>();
		hashesByName.forEach((name, hash) -> copy.put(name, hash.clone()));
		this.hashesByName = copy;
	}

	/** The name of the key presented, or {@code null} when it is none of them. */
	@Nullable String subjectOf(@Nullable String presented) {
		if (presented == null || presented.isEmpty()) {
			return null;
		}
		byte[] hash = sha256(presented);
		String match = null;
		for (Map.Entry<String, byte[]> entry : this.hashesByName.entrySet()) {
			// Every hash is compared, even after a match, so the time taken does not
			// tell which key matched.
			if (MessageDigest.isEqual(hash, entry.getValue()) && match == null) {
				match = entry.getKey();
			}
		}
		return match;
	}

	static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
