package dev.portcullis.auth;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The {@code WWW-Authenticate} values the gateway sends: RFC 6750 §3 for bearer tokens,
 * and an {@code ApiKey} challenge naming the header that carries the key. Parameter
 * values are fixed texts and configured names, never request data.
 */
final class Challenges {

	private Challenges() {
	}

	/**
	 * A bearer challenge; {@code error} is {@code null} when the request carried no token
	 * at all (RFC 6750 §3.1: then no error code is sent).
	 */
	static String bearer(String realm, @Nullable String error, @Nullable String description, List<String> scopes) {
		StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(realm).append('"');
		if (error != null) {
			challenge.append(", error=\"").append(error).append('"');
		}
		if (description != null) {
			challenge.append(", error_description=\"").append(description).append('"');
		}
		if (!scopes.isEmpty()) {
			challenge.append(", scope=\"").append(String.join(" ", scopes)).append('"');
		}
		return challenge.toString();
	}

	static String apiKey(String header) {
		return "ApiKey header=\"" + header + "\"";
	}

}
