package dev.portcullis.security;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a request's target and framing headers are safe to route and forward.
 * Each check answers {@code null} when the request passes, or the reason to refuse it
 * with 400, written for the client. Paths are refused rather than rewritten: a path that
 * only a normalisation could make routable (dot segments, encoded {@code /}, {@code \} or
 * {@code .}, empty segments, control characters, bad percent-encoding) is never routed,
 * so the route the gateway matches and the path the upstream resolves cannot differ.
 */
final class RequestChecks {

	private RequestChecks() {
	}

	/**
	 * Checks the raw request target as it arrived on the wire: origin-form
	 * ({@code /path?query}), or absolute-form ({@code http://host/path}) whose authority
	 * must equal the {@code Host} header, because routes match on {@code Host}.
	 */
	static @Nullable String targetProblem(String target, @Nullable String host) {
		if (target.startsWith("/")) {
			return pathProblem(target);
		}
		String lower = target.toLowerCase(Locale.ROOT);
		int start = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
		if (start < 0) {
			return "Only origin-form and http(s) absolute-form request targets are accepted.";
		}
		int slash = target.indexOf('/', start);
		String authority = (slash < 0) ? target.substring(start) : target.substring(start, slash);
		if (host == null || !authority.equalsIgnoreCase(host.trim()) || authority.contains("@")) {
			return "The host of an absolute-form request target must match the Host header.";
		}
		return (slash < 0) ? null : pathProblem(target.substring(slash));
	}

	/** Checks an origin-form target; the query is checked for bytes only. */
	static @Nullable String pathProblem(String target) {
		int query = target.indexOf('?');
		String path = (query < 0) ? target : target.substring(0, query);
		if (!path.startsWith("/")) {
			return "The path must start with '/'.";
		}
		for (int i = 0; i < target.length(); i++) {
			char c = target.charAt(i);
			if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '#') {
				return "The request target contains a character that must be percent-encoded.";
			}
		}
		String encodingProblem = encodingProblem(target);
		if (encodingProblem != null) {
			return encodingProblem;
		}
		for (String segment : segments(path)) {
			String value = segment.contains(";") ? segment.substring(0, segment.indexOf(';')) : segment;
			if (value.equals(".") || value.equals("..")) {
				return "The path contains a '.' or '..' segment.";
			}
		}
		if (path.contains("//")) {
			return "The path contains an empty segment ('//').";
		}
		return null;
	}

	/**
	 * Checks percent-encoding: every {@code %} starts a valid escape, and the path does
	 * not encode {@code /}, {@code \}, {@code .}, {@code %} or a control character, which
	 * would let it name a different resource once decoded (once or twice).
	 */
	private static @Nullable String encodingProblem(String target) {
		int query = target.indexOf('?');
		int pathEnd = (query < 0) ? target.length() : query;
		for (int i = target.indexOf('%'); i >= 0; i = target.indexOf('%', i + 1)) {
			if (i + 2 >= target.length() || hex(target.charAt(i + 1)) < 0 || hex(target.charAt(i + 2)) < 0) {
				return "The request target contains an invalid percent-encoding.";
			}
			int value = hex(target.charAt(i + 1)) * 16 + hex(target.charAt(i + 2));
			if (value < 0x20 || value == 0x7f) {
				return "The request target contains an encoded control character.";
			}
			if (i < pathEnd && (value == '/' || value == '\\' || value == '.' || value == '%')) {
				return "The path contains an encoded '/', '\\', '.' or '%'.";
			}
		}
		return null;
	}

	private static int hex(char c) {
		return Character.digit(c, 16);
	}

	private static List<String> segments(String path) {
		return List.of(path.substring(1).split("/", -1));
	}

	/**
	 * Checks how the body's length is framed (RFC 9112 §6): both {@code Content-Length}
	 * and {@code Transfer-Encoding}, differing {@code Content-Length} values, or any
	 * transfer coding but a single {@code chunked} let two parsers disagree on where the
	 * request ends, which is how requests are smuggled.
	 */
	static @Nullable String framingProblem(List<String> contentLengths, List<String> transferEncodings) {
		if (!contentLengths.isEmpty() && !transferEncodings.isEmpty()) {
			return "Content-Length and Transfer-Encoding must not be sent together.";
		}
		if (!transferEncodings.isEmpty()
				&& (transferEncodings.size() > 1 || !transferEncodings.get(0).trim().equalsIgnoreCase("chunked"))) {
			return "Transfer-Encoding other than a single 'chunked' is not accepted.";
		}
		String length = null;
		for (String field : contentLengths) {
			for (String value : field.split(",", -1)) {
				String trimmed = value.trim();
				if (trimmed.isEmpty() || trimmed.length() > 18 || !trimmed.chars().allMatch(Character::isDigit)) {
					return "Content-Length is not a number.";
				}
				if (length != null && !length.equals(trimmed)) {
					return "Several differing Content-Length values were sent.";
				}
				length = trimmed;
			}
		}
		return null;
	}

	/** Whether {@code name} is an RFC 9110 token, as a header name must be. */
	static boolean isToken(String name) {
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!(Character.isLetterOrDigit(c) && c < 0x80) && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
				return false;
			}
		}
		return true;
	}

	/** Whether {@code value} may be a header value: visible ASCII, spaces and tabs. */
	static boolean isFieldValue(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
				return false;
			}
		}
		return value.equals(value.trim());
	}

}
