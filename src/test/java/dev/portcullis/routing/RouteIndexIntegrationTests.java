package dev.portcullis.routing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexed route lookup in the running gateway, with 1,000 routes read from
 * {@code portcullis.routing.routes-file}: the first matching route by order still wins,
 * including routes the index cannot narrow, and a route created at run time is indexed
 * after the refresh.
 */
class RouteIndexIntegrationTests {

	private static final int MANY = 1_000;

	private static TestUpstream many;

	private static TestUpstream other;

	private static TestGateway gateway;

	@BeforeAll
	static void start(@TempDir Path directory) throws IOException {
		many = TestUpstream.start("many");
		other = TestUpstream.start("other");
		StringBuilder yaml = new StringBuilder();
		route(yaml, "delete-first", other.url(), "Method=DELETE", null);
		for (int i = 0; i < MANY; i++) {
			route(yaml, "r" + i, many.url(), "Path=/r" + i + "/**", "StripPrefix=1");
		}
		route(yaml, "special", other.url(), "Path=/r5/special/**", null);
		route(yaml, "shop", other.url(), "Host=shop.example.test", null);
		route(yaml, "tenant", other.url(), "Path=/{tenant}/orders/**", null);
		Path file = directory.resolve("routes.yml");
		Files.writeString(file, yaml);
		gateway = TestGateway.start(Map.of("portcullis.routing.routes-file", file.toString()));
	}

	private static void route(StringBuilder yaml, String id, String uri, String predicate, String filter) {
		yaml.append("- id: ").append(id).append("\n  uri: ").append(uri).append("\n  predicates:\n    - '");
		yaml.append(predicate).append("'\n");
		if (filter != null) {
			yaml.append("  filters:\n    - '").append(filter).append("'\n");
		}
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
		assertThat(get("/r990/items/1", null)).isEqualTo("many GET /items/1");
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

	/** Waits, at most 60 seconds, for an index of that many routes. */
	private static RouteIndex awaitIndex(IndexedRoutePredicateHandlerMapping mapping, int size) {
		return Awaitility.await()
			.alias("an index of " + size + " routes")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(20))
			.until(mapping::index, (index) -> index != null && index.size() == size);
	}

}
