package dev.portcullis.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestRedis;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Redis stopped while the gateway runs: requests keep flowing under local limits (the
 * shared limit divided by the replica count), and Redis started again brings shared
 * limiting back. Stops the shared test Redis, so it restarts it whatever happens.
 */
@ExtendWith(TestRedis.class)
class RateLimitOutageIntegrationTests {

	private static final String ROUTE = "outage-" + Long.toString(System.nanoTime(), 36);

	private static TestUpstream upstream;

	private static TestGateway gateway;

	@BeforeAll
	static void start(TestRedis redis) {
		upstream = TestUpstream.start("outage");
		Map<String, String> properties = new HashMap<>(redis.springProperties());
		properties.putAll(new Routes().route(ROUTE, upstream.url(), List.of("Path=/outage/**"), List.of())
			.with("spring.cloud.gateway.server.webflux.routes[0].filters[0].name", "RateLimit")
			.with("spring.cloud.gateway.server.webflux.routes[0].filters[0].args.key", "header:X-Api-Key")
			.with("spring.cloud.gateway.server.webflux.routes[0].filters[0].args.limits", "20/1h")
			.properties());
		properties.put("portcullis.ratelimit.store", "redis");
		// generous, because this machine may be busy; the default is 25ms
		properties.put("portcullis.ratelimit.redis-timeout", "1s");
		properties.put("portcullis.ratelimit.replicas", "2");
		properties.put("portcullis.ratelimit.failure-threshold", "2");
		properties.put("portcullis.ratelimit.backoff", "1s");
		gateway = TestGateway.start(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		upstream.close();
	}

	private static EntityExchangeResult<String> call(String apiKey) {
		return gateway.client()
			.get()
			.uri("/outage/x")
			.header("X-Api-Key", apiKey)
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	/**
	 * The ratelimit health component alone: the whole health would wait for the Redis
	 * component, which has no answer while Redis is down.
	 */
	private static String mode() {
		return gateway.admin()
			.get()
			.uri("/actuator/health/ratelimit")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody()
			.replaceAll(".*\"mode\":\"(\\w+)\".*", "$1");
	}

	private static String prometheus() {
		return gateway.management()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void keepsLimitingLocallyWhileRedisIsDownAndSharesAgainWhenItIsBack(TestRedis redis) throws IOException {
		assumeThat(redis.isOwned()).as("a Redis at REDIS_URL cannot be stopped by the tests").isTrue();
		EntityExchangeResult<String> shared = call(UUID.randomUUID().toString());
		assertThat(shared.getStatus().value()).isEqualTo(200);
		assertThat(shared.getResponseHeaders().getFirst("RateLimit")).startsWith("\"1h\";r=19;");
		redis.stop();
		try {
			String key = UUID.randomUUID().toString();
			int allowed = 0;
			for (int i = 0; i < 15; i++) {
				EntityExchangeResult<String> result = call(key);
				assertThat(result.getStatus().value()).isIn(200, 429);
				if (result.getStatus().value() == 200) {
					allowed++;
				}
				if (i == 0) {
					assertThat(result.getResponseHeaders().getFirst("RateLimit")).startsWith("\"1h\";r=9;");
				}
			}
			assertThat(allowed).as("20 per hour shared by 2 replicas: 10 each").isEqualTo(10);
			assertThat(mode()).isEqualTo("local");
			assertThat(prometheus()).contains("degraded=\"true\",limit=\"1h\",outcome=\"denied\",route=\"" + ROUTE);
		}
		finally {
			redis.start();
		}
		assertThat(awaitSharedLimits(Duration.ofSeconds(60))).as("shared limits are back").isTrue();
		assertThat(mode()).isEqualTo("shared");
		assertThat(prometheus()).contains("portcullis_ratelimit_redis_switches_total{to=\"local\"} 1.0")
			.contains("portcullis_ratelimit_redis_switches_total{to=\"shared\"} 1.0");
	}

	/**
	 * Calls with fresh keys until one is answered from Redis (whose quota is 20, where
	 * the local share is 10), polling within {@code limit}.
	 */
	private static boolean awaitSharedLimits(Duration limit) {
		Instant deadline = Instant.now().plus(limit);
		while (Instant.now().isBefore(deadline)) {
			String header = call(UUID.randomUUID().toString()).getResponseHeaders().getFirst("RateLimit");
			if (header != null && header.startsWith("\"1h\";r=19;")) {
				return true;
			}
			// bounded poll: Lettuce reconnects in the background
			LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
		}
		return false;
	}

}
