package dev.portcullis.edge;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Runs the {@link EdgeFilter}s, in their order, as one WebFlux filter placed before all
 * others. A filter that throws instead of returning an error is treated as having
 * returned one, as WebFlux's own chain does, so the filters before it see the error.
 */
public final class EdgeFilters implements WebFilter, Ordered {

	private final EdgeFilter[] filters;

	public EdgeFilters(List<EdgeFilter> filters) {
		this.filters = filters.toArray(EdgeFilter[]::new);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return new Link(0, chain).filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/** The chain as seen by the filter at {@code index}'s predecessor. */
	private final class Link implements WebFilterChain {

		private final int index;

		private final WebFilterChain rest;

		Link(int index, WebFilterChain rest) {
			this.index = index;
			this.rest = rest;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange) {
			try {
				if (this.index == EdgeFilters.this.filters.length) {
					return this.rest.filter(exchange);
				}
				return EdgeFilters.this.filters[this.index].filter(exchange, new Link(this.index + 1, this.rest));
			}
			catch (RuntimeException ex) {
				return Mono.error(ex);
			}
		}

	}

}
