package dev.portcullis.forwarding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes {@code X-Forwarded-For}, {@code -Proto}, {@code -Host} and {@code -Port} on
 * every request sent upstream. Values a client sent are kept only when the connection
 * comes from a trusted proxy; from anyone else they are replaced, so an upstream can rely
 * on them. The RFC 7239 {@code Forwarded} header and any other {@code X-Forwarded-*}
 * header are dropped from untrusted peers for the same reason, and passed on from trusted
 * ones. It runs last among the header filters, so nothing undoes it.
 */
class ProxyHeadersFilter implements HttpHeadersFilter, Ordered {

	static final String FORWARDED = "Forwarded";

	private static final String X_FORWARDED = "X-Forwarded-";

	static final String X_FORWARDED_FOR = TrustedProxies.X_FORWARDED_FOR;

	static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";

	static final String X_FORWARDED_HOST = "X-Forwarded-Host";

	static final String X_FORWARDED_PORT = "X-Forwarded-Port";

	static final String X_FORWARDED_PREFIX = "X-Forwarded-Prefix";

	private final TrustedProxies trustedProxies;

	ProxyHeadersFilter(TrustedProxies trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders received = request.getHeaders();
		InetSocketAddress peer = request.getRemoteAddress();
		InetAddress peerAddress = (peer != null) ? peer.getAddress() : null;
		boolean trusted = this.trustedProxies.isTrusted(peerAddress);
		HttpHeaders updated = UpstreamHeaders.writable(input, exchange);
		if (!trusted) {
			removeForwarding(updated);
		}
		URI uri = request.getURI();
		String scheme = (uri.getScheme() != null) ? uri.getScheme() : "http";
		String peerText = (peerAddress != null) ? peerAddress.getHostAddress() : null;
		List<String> receivedFor = received.getOrEmpty(X_FORWARDED_FOR);
		if (trusted && !receivedFor.isEmpty() && peerText != null) {
			updated.set(X_FORWARDED_FOR, String.join(", ", receivedFor) + ", " + peerText);
		}
		else if (peerText != null) {
			updated.set(X_FORWARDED_FOR, peerText);
		}
		else {
			updated.remove(X_FORWARDED_FOR);
		}
		updated.set(X_FORWARDED_PROTO, pick(trusted, received, X_FORWARDED_PROTO, scheme));
		updated.set(X_FORWARDED_HOST, pick(trusted, received, X_FORWARDED_HOST, hostOf(received, uri)));
		updated.set(X_FORWARDED_PORT,
				pick(trusted, received, X_FORWARDED_PORT, String.valueOf(portOf(request, uri, scheme))));
		writePrefix(updated, exchange, trusted ? received.getFirst(X_FORWARDED_PREFIX) : null);
		return updated;
	}

	/**
	 * Removes what an untrusted client claims about earlier hops: {@code Forwarded} and
	 * every {@code X-Forwarded-*} header, also those this filter does not write (such as
	 * {@code X-Forwarded-Server}).
	 */
	private static void removeForwarding(HttpHeaders headers) {
		List<String> claims = null;
		for (String name : headers.headerNames()) {
			if (name.equalsIgnoreCase(FORWARDED) || name.regionMatches(true, 0, X_FORWARDED, 0, X_FORWARDED.length())) {
				claims = (claims != null) ? claims : new ArrayList<>();
				claims.add(name);
			}
		}
		if (claims != null) {
			claims.forEach(headers::remove);
		}
	}

	/**
	 * {@code X-Forwarded-Prefix}: the part of the client's path that route filters such
	 * as {@code StripPrefix} removed, so an upstream can build links that work through
	 * the gateway. A trusted proxy's own prefix comes first. Nothing is written when the
	 * path was rewritten rather than shortened.
	 */
	private static void writePrefix(HttpHeaders updated, ServerWebExchange exchange, @Nullable String receivedPrefix) {
		updated.remove(X_FORWARDED_PREFIX);
		String own = strippedPrefix(exchange);
		String prefix = (receivedPrefix != null && !receivedPrefix.isBlank()) ? trimSlash(receivedPrefix) + own : own;
		if (!prefix.isEmpty()) {
			updated.set(X_FORWARDED_PREFIX, prefix);
		}
	}

	private static String strippedPrefix(ServerWebExchange exchange) {
		Set<URI> originals = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
		URI target = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		if (originals == null || originals.isEmpty() || target == null) {
			return "";
		}
		String original = trimSlash(originals.iterator().next().getRawPath());
		String forwarded = trimSlash(target.getRawPath());
		if (original.length() > forwarded.length() && original.endsWith(forwarded)) {
			return original.substring(0, original.length() - forwarded.length());
		}
		return "";
	}

	private static String trimSlash(@Nullable String path) {
		if (path == null) {
			return "";
		}
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	private static String pick(boolean trusted, HttpHeaders received, String name, String own) {
		String value = received.getFirst(name);
		return (trusted && value != null && !value.isBlank()) ? value : own;
	}

	private static String hostOf(HttpHeaders received, URI uri) {
		String host = received.getFirst(HttpHeaders.HOST);
		if (host != null && !host.isBlank()) {
			return host;
		}
		return (uri.getPort() != -1) ? uri.getHost() + ":" + uri.getPort() : String.valueOf(uri.getHost());
	}

	/**
	 * The port the client connected to, as nginx's {@code $server_port}; not the one its
	 * Host header names.
	 */
	private static int portOf(ServerHttpRequest request, URI uri, String scheme) {
		InetSocketAddress local = request.getLocalAddress();
		if (local != null && local.getPort() > 0) {
			return local.getPort();
		}
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return ("https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme)) ? 443 : 80;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
