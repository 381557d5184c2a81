package dev.portcullis.ratelimit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestRedis;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code RateLimit} filter through two running gateways sharing one real Redis.
 * Limits are per hour or day, so that time passing during the test refills nothing, and
 * route ids carry a run id, so that a Redis kept between runs ({@code REDIS_URL}) starts
 * them fresh.
 */
@ExtendWith(TestRedis.class)
class RateLimitIntegrationTests {

	private static final String RUN = Long.toString(System.nanoTime(), 36);

	private static final String SEARCH = "search-" + RUN;

	private static final String API = "api-" + RUN;

	private static final String QUIET = "quiet-" + RUN;

	private static final String SHARED = "shared-" + RUN;

	private static TestUpstream upstream;

	private static TestGateway gateway;

	private static TestGateway second;

	@BeforeAll
	static void start(TestRedis redis) {
		upstream = TestUpstream.start("limited");
		Map<String, String> properties = new HashMap<>(redis.springProperties());
		properties
			.putAll(new Routes().route(SEARCH, upstream.url(), List.of("Path=/search/**"), List.of("RateLimit=5/1h"))
				.route(API, upstream.url(), List.of("Path=/api/**"), List.of())
				.with(filter(API, 1, "name"), "RateLimit")
				.with(filter(API, 1, "args.key"), "header:X-Api-Key")
				.with(filter(API, 1, "args.limits[0]"), "hour=4/1h burst 4")
				.with(filter(API, 1, "args.limits[1]"), "day=100/1d")
				.route(QUIET, upstream.url(), List.of("Path=/quiet/**"), List.of())
				.with(filter(QUIET, 2, "name"), "RateLimit")
				.with(filter(QUIET, 2, "args.limits"), "1/1h")
				.with(filter(QUIET, 2, "args.headers"), "false")
				.route(SHARED, upstream.url(), List.of("Path=/shared/**"), List.of("RateLimit=10/1h"))
				.properties());
		properties.put("portcullis.ratelimit.store", "redis");
		properties.put("portcullis.ratelimit.redis-timeout", "2s");
		properties.put("portcullis.forwarding.trusted-proxies", "127.0.0.1/32");
		gateway = TestGateway.start(properties);
		second = TestGateway.start(properties);
	}

	private static String filter(String route, int index, String field) {
		return "spring.cloud.gateway.server.webflux.routes[" + index + "].filters[0]." + field;
	}

	@AfterAll
	static void stop() {
		second.close();
		gateway.close();
		upstream.close();
	}

	private static EntityExchangeResult<String> get(WebTestClient client, String path, String header, String value) {
		return client.get().uri(path).header(header, value).exchange().expectBody(String.class).returnResult();
	}

	private static String apiKey() {
		return UUID.randomUUID().toString();
	}

	@Test
	void allowedResponsesCarryThePolicyAndWhatRemains() {
		String client = "203.0.113.10";
		gateway.client()
			.get()
			.uri("/search/q")
			.header("X-Forwarded-For", client)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("RateLimit-Policy", "\"1h\";q=5;w=3600")
			.expectHeader()
			.valueEquals("RateLimit", "\"1h\";r=4;t=720")
			.expectBody(String.class);
	}

	@Test
	void returns429WithRetryAfterWhenEveryLimitIsSpent() {
		String key = apiKey();
		int before = upstream.received().size();
		for (int i = 0; i < 4; i++) {
			assertThat(get(gateway.client(), "/api/items", "X-Api-Key", key).getStatus().value()).isEqualTo(200);
		}
		gateway.client()
			.get()
			.uri("/api/items")
			.header("X-Api-Key", key)
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueMatches("Retry-After", "[1-9][0-9]*")
			.expectHeader()
			.valueEquals("RateLimit-Policy", "\"hour\";q=4;w=3600, \"day\";q=100;w=86400")
			.expectHeader()
			// t counts whole seconds from the first request: a slow machine may be one
			// in.
			.valueMatches("RateLimit", "\"hour\";r=0;t=(3599|3600), \"day\";r=96;t=\\d+")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(429)
			.jsonPath("$.title")
			.isEqualTo("Too Many Requests")
			.jsonPath("$.instance")
			.isEqualTo("/api/items");
		assertThat(upstream.received().size() - before).isEqualTo(4);
	}

	@Test
	void requestsWithoutTheKeyShareOneAnonymousLimit() {
		int allowed = 0;
		for (int i = 0; i < 6; i++) {
			EntityExchangeResult<String> result = gateway.client()
				.get()
				.uri("/api/anonymous")
				.exchange()
				.expectBody(String.class)
				.returnResult();
			if (result.getStatus().value() == 200) {
				allowed++;
			}
		}
		assertThat(allowed).isEqualTo(4);
		assertThat(get(gateway.client(), "/api/anonymous", "X-Api-Key", apiKey()).getStatus().value()).isEqualTo(200);
	}

	@Test
	void clientAddressesBehindTrustedProxiesAreLimitedApart() {
		for (String client : List.of("198.51.100.1", "198.51.100.2")) {
			for (int i = 0; i < 5; i++) {
				assertThat(get(gateway.client(), "/search/x", "X-Forwarded-For", client).getStatus().value())
					.isEqualTo(200);
			}
			assertThat(get(gateway.client(), "/search/x", "X-Forwarded-For", client).getStatus().value())
				.isEqualTo(429);
		}
	}

	@Test
	void aRouteCanSwitchTheHeadersOffButKeepsRetryAfter() {
		String client = "192.0.2.77";
		EntityExchangeResult<String> allowed = get(gateway.client(), "/quiet/a", "X-Forwarded-For", client);
		assertThat(allowed.getStatus().value()).isEqualTo(200);
		assertThat(allowed.getResponseHeaders().containsHeader("RateLimit")).isFalse();
		assertThat(allowed.getResponseHeaders().containsHeader("RateLimit-Policy")).isFalse();
		EntityExchangeResult<String> denied = get(gateway.client(), "/quiet/a", "X-Forwarded-For", client);
		assertThat(denied.getStatus().value()).isEqualTo(429);
		assertThat(denied.getResponseHeaders().getFirst("Retry-After")).isNotBlank();
		assertThat(denied.getResponseHeaders().containsHeader("RateLimit")).isFalse();
	}

	@Test
	void twoGatewaysSharingOneRedisAllowExactlyTheLimitInTotal() {
		String client = "203.0.113.99";
		int allowed = 0;
		for (int i = 0; i < 30; i++) {
			TestGateway target = (i % 2 == 0) ? gateway : second;
			if (get(target.client(), "/shared/x", "X-Forwarded-For", client).getStatus().value() == 200) {
				allowed++;
			}
		}
		assertThat(allowed).isEqualTo(10);
	}

	/**
	 * A key's state on the API route, as the admin endpoint of {@code target} shows it.
	 */
	private static WebTestClient.BodyContentSpec state(TestGateway target, String key) {
		return target.admin()
			.get()
			.uri("/actuator/ratelimit/{route}/{key}", API, key)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody();
	}

	@Test
	void adminEndpointShowsAndResetsAKeyAndNeedsCredentials() {
		String key = apiKey();
		get(gateway.client(), "/api/a", "X-Api-Key", key);
		get(gateway.client(), "/api/a", "X-Api-Key", key);
		gateway.management()
			.get()
			.uri("/actuator/ratelimit/{route}/{key}", API, key)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(Void.class);
		state(gateway, key).jsonPath("$.limits[0].name")
			.isEqualTo("hour")
			.jsonPath("$.limits[0].remaining")
			.isEqualTo(2)
			.jsonPath("$.limits[1].remaining")
			.isEqualTo(98);
		gateway.admin()
			.delete()
			.uri("/actuator/ratelimit/{route}/{key}", API, key)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class);
		state(second, key).jsonPath("$.limits[0].remaining").isEqualTo(4);
		gateway.admin()
			.get()
			.uri("/actuator/ratelimit/{route}/{key}", "no-such-route", key)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(Void.class);
		gateway.admin()
			.get()
			.uri("/actuator/ratelimit")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.routes['" + API + "'][1].quota")
			.isEqualTo(100);
	}

	@Test
	void decisionsAreCountedPerRouteAndLimitAndHealthShowsSharedMode() {
		String client = "203.0.113.200";
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			statuses.add(get(gateway.client(), "/search/m", "X-Forwarded-For", client).getStatus().value());
		}
		assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429);
		assertThat(gateway.metrics())
			.containsPattern(
					"portcullis_ratelimit_decisions_total\\{degraded=\"false\",limit=\"1h\",outcome=\"denied\",route=\""
							+ SEARCH + "\"\\} [1-9]")
			.contains("outcome=\"allowed\",route=\"" + SEARCH + "\"")
			// No observation per Redis command (PortcullisApplication's exclusions).
			.doesNotContain("lettuce_");
		gateway.admin()
			.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.ratelimit.status")
			.isEqualTo("UP")
			.jsonPath("$.components.ratelimit.details.mode")
			.isEqualTo("shared");
	}

}
