package dev.portcullis.edge;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeFiltersTests {

	private final List<String> seen = new ArrayList<>();

	private final ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x"));

	private final WebFilterChain rest = (exchange) -> Mono.fromRunnable(() -> this.seen.add("rest"));

	@Test
	void runsTheFiltersInTheirOrderThenTheRestOfTheChain() {
		EdgeFilters filters = new EdgeFilters(List.of(recording("a", 1), recording("b", 2), recording("c", 3)));
		StepVerifier.create(filters.filter(this.exchange, this.rest)).verifyComplete();
		assertThat(this.seen).containsExactly("a", "b", "c", "rest");
	}

	@Test
	void withoutFiltersPassesStraightToTheRestOfTheChain() {
		StepVerifier.create(new EdgeFilters(List.of()).filter(this.exchange, this.rest)).verifyComplete();
		assertThat(this.seen).containsExactly("rest");
	}

	@Test
	void aFilterThatAnswersItselfStopsTheChain() {
		EdgeFilter answers = filter(0, (exchange, chain) -> Mono.fromRunnable(() -> this.seen.add("answered")));
		EdgeFilters filters = new EdgeFilters(List.of(recording("a", 1), answers, recording("c", 3)));
		StepVerifier.create(filters.filter(this.exchange, this.rest)).verifyComplete();
		assertThat(this.seen).containsExactly("a", "answered");
	}

	@Test
	void aFilterThatThrowsIsAnErrorThatEarlierFiltersSee() {
		EdgeFilter throwing = filter(2, (exchange, chain) -> {
			throw new IllegalStateException("boom");
		});
		EdgeFilter handling = filter(1, (exchange, chain) -> chain.filter(exchange)
			.onErrorResume((error) -> Mono.fromRunnable(() -> this.seen.add("handled " + error.getMessage()))));
		EdgeFilters filters = new EdgeFilters(List.of(handling, throwing));
		StepVerifier.create(filters.filter(this.exchange, this.rest)).verifyComplete();
		assertThat(this.seen).containsExactly("handled boom");
	}

	@Test
	void theRestOfTheChainThrowingIsAnErrorToo() {
		WebFilterChain throwing = (exchange) -> {
			throw new IllegalStateException("rest failed");
		};
		StepVerifier.create(new EdgeFilters(List.of(recording("a", 1))).filter(this.exchange, throwing))
			.verifyErrorMessage("rest failed");
	}

	private EdgeFilter recording(String name, int order) {
		return filter(order, (exchange, chain) -> {
			this.seen.add(name);
			return chain.filter(exchange);
		});
	}

	private static EdgeFilter filter(int order, Body body) {
		return new EdgeFilter() {
			@Override
			public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
				return body.filter(exchange, chain);
			}

			@Override
			public int getOrder() {
				return order;
			}
		};
	}

	private interface Body {

		Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain);

	}

}
