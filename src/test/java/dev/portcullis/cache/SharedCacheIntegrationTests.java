package dev.portcullis.cache;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.portcullis.cache.CacheOrigin.Reply;
import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateways sharing one real Redis as their cache store: what one stores the other
 * serves, misses collapse across them, a purge reaches both, stale responses stand in for
 * a refused or timed-out upstream, and a Redis outage never fails a request.
 */
@ExtendWith(TestRedis.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedCacheIntegrationTests {

	/**
	 * The cache key includes the host the client asked for; behind one Service both
	 * gateways see the same one.
	 */
	private static final String HOST = "shop.example";

	private static CacheOrigin origin;

	private static CacheOrigin doomed;

	private static TestGateway first;

	private static TestGateway second;

	@BeforeAll
	static void start(TestRedis redis) {
		origin = new CacheOrigin();
		doomed = new CacheOrigin();
		Routes routes = new Routes()
			.route("shared", origin.url(), List.of("Path=/s/**"), List.of("ResponseCache", "StripPrefix=1"))
			.route("doomed", doomed.url(), List.of("Path=/d/**"), List.of("ResponseCache", "StripPrefix=1"))
			.route("hasty", origin.url(), List.of("Path=/h/**"), List.of("ResponseCache=60s", "StripPrefix=1"),
					Map.of("response-timeout", "300"))
			.with("portcullis.cache.store", "redis")
			.with("portcullis.cache.redis-timeout", "1s");
		redis.springProperties().forEach(routes::with);
		first = TestGateway.start(routes.properties());
		second = TestGateway.start(routes.properties());
	}

	@AfterAll
	static void stop() {
		first.close();
		second.close();
		origin.close();
		doomed.close();
	}

	private static EntityExchangeResult<String> get(TestGateway gateway, String path) {
		return gateway.client().get().uri(path).header("Host", HOST).exchange().expectBody(String.class).returnResult();
	}

	private static String cacheStatus(EntityExchangeResult<?> result) {
		return String.join(", ", result.getResponseHeaders().getOrEmpty("Cache-Status"));
	}

	@Test
	void aResponseStoredThroughOneGatewayIsAHitThroughTheOther() {
		origin.on("/one", Reply.ok("stored once", "Cache-Control", "max-age=60"));
		assertThat(cacheStatus(get(first, "/s/one"))).isEqualTo("portcullis; fwd=uri-miss; stored");
		EntityExchangeResult<String> hit = get(second, "/s/one");
		assertThat(hit.getResponseBody()).isEqualTo("stored once");
		assertThat(cacheStatus(hit)).startsWith("portcullis; hit; ttl=");
		assertThat(origin.count("/one")).isEqualTo(1);
	}

	@Test
	void collapsesConcurrentMissesAcrossGateways() {
		origin.on("/busy", Reply.ok("busy body", "Cache-Control", "max-age=60").delayed(Duration.ofMillis(700)));
		WebClient a = WebClient.create(first.url());
		WebClient b = WebClient.create(second.url());
		List<String> bodies = Flux.range(0, 6)
			.flatMap((i) -> ((i % 2 == 0) ? a : b).get()
				.uri("/s/busy")
				.header("Host", HOST)
				.retrieve()
				.bodyToMono(String.class))
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(bodies).hasSize(6).allMatch("busy body"::equals);
		assertThat(origin.count("/busy")).isEqualTo(1);
	}

	@Test
	void purgesByUrlPrefixAndRouteForEveryGatewayAndOnlyForTheAdmin() {
		origin.on("/p/1", Reply.ok("1", "Cache-Control", "max-age=60"));
		origin.on("/p/2", Reply.ok("2", "Cache-Control", "max-age=60"));
		origin.on("/q", Reply.ok("q", "Cache-Control", "max-age=60"));
		get(first, "/s/p/1");
		get(first, "/s/p/2");
		get(first, "/s/q");
		first.management()
			.delete()
			.uri("/actuator/cache?prefix=x")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(Void.class);
		String base = "http://" + HOST;
		first.admin()
			.delete()
			.uri((u) -> u.path("/actuator/cache").queryParam("prefix", "{p}").build(base + "/s/p/"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.removed")
			.isEqualTo(2);
		assertThat(cacheStatus(get(second, "/s/p/1"))).isEqualTo("portcullis; fwd=uri-miss; stored");
		first.admin()
			.delete()
			.uri((u) -> u.path("/actuator/cache").queryParam("url", "{u}").build(base + "/s/q"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.removed")
			.isEqualTo(1);
		first.admin()
			.delete()
			.uri("/actuator/cache?route=shared")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.removed")
			.value((removed) -> assertThat(((Number) removed).intValue()).isPositive());
		assertThat(cacheStatus(get(second, "/s/p/1"))).startsWith("portcullis; fwd=uri-miss");
		first.admin().delete().uri("/actuator/cache").exchange().expectStatus().isBadRequest().expectBody(Void.class);
	}

	@Test
	void doesNotReadTheStoreForAUrlWhoseLastResponseHereCouldNotBeStored() {
		origin.on("/flip", Reply.ok("private", "Cache-Control", "no-store"));
		assertThat(cacheStatus(get(first, "/s/flip"))).isEqualTo("portcullis; fwd=uri-miss; detail=no-store");
		origin.on("/flip", Reply.ok("public", "Cache-Control", "max-age=60"));
		assertThat(cacheStatus(get(second, "/s/flip"))).isEqualTo("portcullis; fwd=uri-miss; stored");
		// The first gateway remembers the URL as uncacheable: it goes upstream without
		// looking in Redis, where the second one has just stored a response
		EntityExchangeResult<String> remembered = get(first, "/s/flip");
		assertThat(remembered.getResponseBody()).isEqualTo("public");
		assertThat(cacheStatus(remembered)).isEqualTo("portcullis; fwd=miss; stored");
		assertThat(origin.count("/flip")).isEqualTo(3);
		// A storable response makes it an ordinary URL again
		assertThat(cacheStatus(get(first, "/s/flip"))).startsWith("portcullis; hit");
		assertThat(origin.count("/flip")).isEqualTo(3);
	}

	@Test
	void servesStaleWhenTheUpstreamRefusesTheConnection() {
		doomed.on("/gone", Reply.ok("last known", "Cache-Control", "max-age=10, stale-if-error=600", "Age", "20"));
		get(first, "/d/gone");
		doomed.close();
		EntityExchangeResult<String> stale = get(second, "/d/gone");
		assertThat(stale.getStatus().value()).isEqualTo(200);
		assertThat(stale.getResponseBody()).isEqualTo("last known");
		assertThat(cacheStatus(stale)).isEqualTo("portcullis; fwd=stale; detail=stale-if-error");
		assertThat(get(second, "/d/never-stored").getStatus().value()).isEqualTo(502);
	}

	@Test
	void servesStaleWithinTheRoutesDefaultWindowWhenTheUpstreamTimesOut() {
		origin.on("/late", Reply.ok("in time", "Cache-Control", "max-age=10", "Age", "20"));
		get(first, "/h/late");
		origin.on("/late", Reply.ok("too late", "Cache-Control", "max-age=10").delayed(Duration.ofSeconds(3)));
		EntityExchangeResult<String> stale = get(first, "/h/late");
		assertThat(stale.getStatus().value()).isEqualTo(200);
		assertThat(stale.getResponseBody()).isEqualTo("in time");
		assertThat(cacheStatus(stale)).isEqualTo("portcullis; fwd=stale; detail=stale-if-error");
	}

	@Test
	@Order(Integer.MAX_VALUE - 1)
	void goesUpstreamUncachedWhenRedisAnswersTooSlowly(TestRedis redis) throws IOException {
		if (!redis.isOwned()) {
			return;
		}
		origin.on("/slowredis", Reply.ok("answered anyway", "Cache-Control", "max-age=60"));
		get(first, "/s/slowredis");
		// Redis holds every client's commands for 3 s, longer than redis-timeout (1 s
		// here)
		try (Socket socket = new Socket(redis.host(), redis.port())) {
			socket.getOutputStream().write("CLIENT PAUSE 3000\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(socket.getInputStream().read()).isEqualTo('+');
		}
		EntityExchangeResult<String> result = get(second, "/s/slowredis");
		assertThat(result.getStatus().value()).isEqualTo(200);
		assertThat(result.getResponseBody()).isEqualTo("answered anyway");
		assertThat(cacheStatus(result)).isEqualTo("portcullis; fwd=bypass; detail=store-unavailable");
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void keepsAnsweringWhenRedisStopsAndCountsTheDegradation(TestRedis redis) throws IOException {
		if (!redis.isOwned()) {
			return;
		}
		origin.on("/outage", Reply.ok("still here", "Cache-Control", "max-age=60"));
		get(first, "/s/outage");
		redis.stop();
		try {
			for (int i = 0; i < 3; i++) {
				EntityExchangeResult<String> result = get((i % 2 == 0) ? first : second, "/s/outage");
				assertThat(result.getStatus().value()).isEqualTo(200);
				assertThat(result.getResponseBody()).isEqualTo("still here");
				assertThat(cacheStatus(result)).isEqualTo("portcullis; fwd=bypass; detail=store-unavailable");
			}
			assertThat(first.metrics())
				.containsPattern("portcullis_cache_store_errors_total\\{[^}]*operation=\"read\"[^}]*route=\"shared\"");
		}
		finally {
			redis.start();
		}
	}

}
