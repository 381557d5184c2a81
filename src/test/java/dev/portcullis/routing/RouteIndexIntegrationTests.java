package dev.portcullis.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexed route lookup in the running gateway: with hundreds of routes the first
 * matching route by order still wins, including routes the index cannot narrow, and a
 * route created at run time is indexed after the refresh.
 */
class RouteIndexIntegrationTests {

	private static final int MANY = 300;

	private static TestUpstream many;

	private static TestUpstream other;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		many = TestUpstream.start("many");
		other = TestUpstream.start("other");
		Routes routes = new Routes().route("delete-first", other.url(), List.of("Method=DELETE"), List.of());
		for (int i = 0; i < MANY; i++) {
			routes.route("r" + i, many.url(), List.of("Path=/r" + i + "/**"), List.of("StripPrefix=1"));
		}
		routes.route("special", other.url(), List.of("Path=/r5/special/**"), List.of())
			.route("shop", other.url(), List.of("Host=shop.example.test"), List.of())
			.route("tenant", other.url(), List.of("Path=/{tenant}/orders/**"), List.of());
		gateway = TestGateway.start(routes.properties());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		many.close();
		other.close();
	}

	@Test
	void theGatewayLooksRoutesUpThroughTheIndex() {
		RoutePredicateHandlerMapping mapping = gateway.context().getBean(RoutePredicateHandlerMapping.class);
		assertThat(mapping).isInstanceOf(IndexedRoutePredicateHandlerMapping.class);
		RouteIndex index = awaitIndex((IndexedRoutePredicateHandlerMapping) mapping, MANY + 4);
		assertThat(index.indexed()).isEqualTo(MANY + 2);
	}

	@Test
	void aPrefixRouteNearTheEndIsFound() {
		assertThat(get("/r299/items/1", null)).isEqualTo("many GET /items/1");
		assertThat(get("/r0", null)).isEqualTo("many GET /");
	}

	@Test
	void theFirstMatchingRouteByOrderWinsAsWithoutTheIndex() {
		// r5 is declared before special, so it wins although special is more specific.
		assertThat(get("/r5/special/x", null)).isEqualTo("many GET /special/x");
		// The Method route, which the index cannot narrow, comes first of all.
		gateway.client()
			.delete()
			.uri("/r7/x")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("other DELETE /r7/x");
	}

	@Test
	void hostAndVariableRoutesStillMatch() {
		assertThat(get("/anything", "shop.example.test")).isEqualTo("other GET /anything");
		assertThat(get("/acme/orders/7", null)).isEqualTo("other GET /acme/orders/7");
		gateway.client().get().uri("/nowhere").exchange().expectStatus().isNotFound().expectBody(Void.class);
		// Case differs from the route's literal: not the r1 route (paths are
		// case-sensitive).
		gateway.client().get().uri("/R1/x").exchange().expectStatus().isNotFound().expectBody(Void.class);
	}

	@Test
	void aRouteCreatedAtRunTimeIsIndexedAfterTheRefresh() {
		gateway.admin()
			.post()
			.uri("/actuator/gateway/routes/live")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("uri", other.url(), "predicates", List.of("Path=/live/**")))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Void.class);
		gateway.admin().post().uri("/actuator/gateway/refresh").exchange().expectStatus().isOk().expectBody(Void.class);
		IndexedRoutePredicateHandlerMapping mapping = (IndexedRoutePredicateHandlerMapping) gateway.context()
			.getBean(RoutePredicateHandlerMapping.class);
		awaitIndex(mapping, MANY + 5);
		assertThat(get("/live/now", null)).isEqualTo("other GET /live/now");
		gateway.admin()
			.delete()
			.uri("/actuator/gateway/routes/live")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		gateway.admin().post().uri("/actuator/gateway/refresh").exchange().expectStatus().isOk().expectBody(Void.class);
		awaitIndex(mapping, MANY + 4);
		gateway.client().get().uri("/live/now").exchange().expectStatus().isNotFound().expectBody(Void.class);
	}

	private static String get(String path, String host) {
		return gateway.client().get().uri(path).headers((headers) -> {
			if (host != null) {
				headers.set("Host", host);
			}
		}).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

	/** Waits, at most 10 seconds, for an index of that many routes. */
	private static RouteIndex awaitIndex(IndexedRoutePredicateHandlerMapping mapping, int size) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		RouteIndex index = mapping.index();
		while ((index == null || index.size() != size) && Instant.now().isBefore(deadline)) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			index = mapping.index();
		}
		assertThat(index).isNotNull();
		assertThat(index.size()).isEqualTo(size);
		return index;
	}

}
