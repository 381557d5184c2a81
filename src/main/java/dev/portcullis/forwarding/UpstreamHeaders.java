package dev.portcullis.forwarding;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Helps Spring Cloud Gateway's header filters ({@code HttpHeadersFilter}) build the
 * headers of the request sent upstream without copying them once per filter.
 */
public final class UpstreamHeaders {

	private UpstreamHeaders() {
	}

	/**
	 * Headers a request header filter may change: {@code input} itself when an earlier
	 * filter already made it a private, writable copy (the gateway's hop-by-hop filter,
	 * which runs before Portcullis's, always does), else a copy of it. The received
	 * request's own headers are never changed.
	 */
	public static HttpHeaders writable(HttpHeaders input, ServerWebExchange exchange) {
		if (input != exchange.getRequest().getHeaders() && input.getClass() == HttpHeaders.class) {
			return input;
		}
		HttpHeaders copy = new HttpHeaders();
		copy.addAll(input);
		return copy;
	}

}
