package dev.portcullis.tls;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Where a plain-HTTP request is sent instead: the same host, path and query over https on
 * the TLS port. The host comes from the request's {@code Host} header, so it is checked
 * to be a plain host name or IP literal; anything else gets no redirect.
 */
final class HttpsRedirect {

	private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

	private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");

	private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

	private HttpsRedirect() {
	}

	/**
	 * The {@code Location} for a request, or {@code null} when the host or target cannot
	 * be redirected safely.
	 * @param host the {@code Host} header, possibly with a port
	 * @param target the request target as sent (origin form: path and query)
	 * @param httpsPort the port clients reach the TLS listener on
	 */
	static @Nullable String location(@Nullable String host, String target, int httpsPort) {
		String name = hostName(host);
		if (name == null || !target.startsWith("/") || !isPrintableAscii(target)) {
			return null;
		}
		String authority = (httpsPort == 443) ? name : name + ":" + httpsPort;
		return "https://" + authority + target;
	}

	private static @Nullable String hostName(@Nullable String host) {
		if (host == null) {
			return null;
		}
		String name = host;
		int portSeparator = host.lastIndexOf(':');
		if (portSeparator > host.lastIndexOf(']')) {
			if (!PORT.matcher(host.substring(portSeparator + 1)).matches()) {
				return null;
			}
			name = host.substring(0, portSeparator);
		}
		return (HOST_NAME.matcher(name).matches() || IPV6_LITERAL.matcher(name).matches()) ? name : null;
	}

	private static boolean isPrintableAscii(String target) {
		for (int i = 0; i < target.length(); i++) {
			char c = target.charAt(i);
			if (c <= ' ' || c >= 0x7f) {
				return false;
			}
		}
		return true;
	}

}
