package dev.portcullis.observability;

import dev.portcullis.errors.ProblemDetailsHandler;
import dev.portcullis.forwarding.UpstreamHeaders;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Sends the request id ({@link RequestIdFilter}) to the upstream, in the request id
 * header, replacing whatever the client sent there.
 */
final class RequestIdHeadersFilter implements HttpHeadersFilter, Ordered {

	private final String header;

	RequestIdHeadersFilter(String header) {
		this.header = header;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		String id = exchange.getAttribute(ProblemDetailsHandler.REQUEST_ID_ATTRIBUTE);
		if (id == null) {
			return input;
		}
		HttpHeaders updated = UpstreamHeaders.writable(input, exchange);
		updated.set(this.header, id);
		return updated;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
