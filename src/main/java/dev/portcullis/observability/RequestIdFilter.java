package dev.portcullis.observability;

import dev.portcullis.edge.EdgeFilter;
import dev.portcullis.errors.ProblemDetailsHandler;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every request an id: the client's own when it is sane, else a new one. The id
 * goes upstream in the request header and back to the client in the response header,
 * replacing whatever the upstream sent.
 */
class RequestIdFilter implements EdgeFilter {

	private final String header;

	RequestIdFilter(String header) {
		this.header = header;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String id = RequestIds.acceptOrGenerate(exchange.getRequest().getHeaders().getOrEmpty(this.header));
		exchange.getAttributes().put(ProblemDetailsHandler.REQUEST_ID_ATTRIBUTE, id);
		exchange.getResponse().beforeCommit(() -> {
			exchange.getResponse().getHeaders().set(this.header, id);
			return Mono.empty();
		});
		// The id reaches the upstream through RequestIdHeadersFilter, with the other
		// upstream headers: rebuilding the request here would copy every header again.
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
