package dev.portcullis.routing;

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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateways sharing one real Redis: a route created or deleted through the Actuator
 * gateway endpoints of one serves, or stops serving, through the other after a refresh.
 */
@ExtendWith(TestRedis.class)
class SharedRoutesIntegrationTests {

	private static final String KEY = "portcullis:test-routes:" + UUID.randomUUID();

	private static TestUpstream upstream;

	private static TestGateway first;

	private static TestGateway second;

	@BeforeAll
	static void start(TestRedis redis) {
		upstream = TestUpstream.start("shared");
		Map<String, String> properties = new HashMap<>(redis.springProperties());
		properties.put("portcullis.routing.redis-key", KEY);
		properties.put("portcullis.routing.redis-channel", KEY + ":refresh");
		properties.put("portcullis.routing.resync-interval", "1s");
		first = TestGateway.start(properties);
		second = TestGateway.start(properties);
	}

	@AfterAll
	static void stop() {
		first.context().getBean(ReactiveStringRedisTemplate.class).delete(KEY).block(Duration.ofSeconds(5));
		first.close();
		second.close();
		upstream.close();
	}

	@Test
	void routeCreatedThroughOneReplicaServesThroughTheOtherAndDeletionReachesBoth() {
		createRoute(first, "orders", "Path=/orders/**");
		first.admin().post().uri("/actuator/gateway/refresh").exchange().expectStatus().isOk().expectBody(Void.class);

		assertThat(awaitStatus(first, "/orders/1", HttpStatus.OK)).isEqualTo(HttpStatus.OK);
		assertThat(awaitStatus(second, "/orders/1", HttpStatus.OK)).as("the other replica").isEqualTo(HttpStatus.OK);
		assertThat(upstream.lastReceived().uri()).isEqualTo("/orders/1");

		second.admin()
			.delete()
			.uri("/actuator/gateway/routes/orders")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		second.admin().post().uri("/actuator/gateway/refresh").exchange().expectStatus().isOk().expectBody(Void.class);

		assertThat(awaitStatus(first, "/orders/1", HttpStatus.NOT_FOUND)).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(awaitStatus(second, "/orders/1", HttpStatus.NOT_FOUND)).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void routeThatDoesNotBuildIsRefusedWith400AndNotStored() {
		String body = first.admin()
			.post()
			.uri("/actuator/gateway/routes/broken")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("uri", upstream.url(), "predicates", List.of("Path=/broken/**"), "filters",
					List.of("RewritePath=/broken/(?<rest.*, /${rest}")))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("Invalid route 'broken'");
		Boolean stored = first.context()
			.getBean(ReactiveStringRedisTemplate.class)
			.opsForHash()
			.hasKey(KEY, "broken")
			.block(Duration.ofSeconds(5));
		assertThat(stored).isFalse();
	}

	@Test
	void unknownFilterIsRefusedWith400() {
		first.admin()
			.post()
			.uri("/actuator/gateway/routes/unknown-filter")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("uri", upstream.url(), "predicates", List.of("Path=/x/**"), "filters",
					List.of("NoSuchFilter=1")))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(Void.class);
	}

	@Test
	void storedRoutesKeepServingThroughARedisOutageAndWritesAnswer503(TestRedis redis) throws Exception {
		Assumptions.assumeTrue(redis.isOwned(), "needs a Redis the tests can stop");
		createRoute(first, "outage", "Path=/outage/**");
		first.admin().post().uri("/actuator/gateway/refresh").exchange().expectStatus().isOk().expectBody(Void.class);
		assertThat(awaitStatus(first, "/outage/1", HttpStatus.OK)).isEqualTo(HttpStatus.OK);
		redis.stop();
		try {
			first.admin()
				.post()
				.uri("/actuator/gateway/refresh")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Void.class);
			first.client().get().uri("/outage/2").exchange().expectStatus().isOk().expectBody(Void.class);
			postRoute(first, "during-outage", "Path=/during/**", HttpStatus.SERVICE_UNAVAILABLE);
		}
		finally {
			redis.start();
		}
		first.client().get().uri("/outage/3").exchange().expectStatus().isOk().expectBody(Void.class);
	}

	/**
	 * A replica that (re)starts during a Redis outage must not crash-loop: it starts,
	 * serves, answers 503 to route writes, and once Redis is up it stores routes and
	 * joins the refresh channel (the periodic version check is set far out, so only the
	 * channel can be what delivers).
	 */
	@Test
	void aReplicaStartedWhileRedisIsDownStartsAndJoinsOnceRedisIsUp() throws Exception {
		TestRedis late = TestRedis.notStarted();
		String channel = KEY + ":late-refresh";
		Map<String, String> properties = new HashMap<>(new Routes()
			.route("guarded", upstream.url(), List.of("Path=/guarded/**"), List.of("RateLimit=100/1s", "ResponseCache"))
			.with("portcullis.ratelimit.store", "redis")
			.with("portcullis.cache.store", "redis")
			.properties());
		properties.putAll(late.springProperties());
		properties.put("portcullis.routing.redis-key", KEY + ":late");
		properties.put("portcullis.routing.redis-channel", channel);
		properties.put("portcullis.routing.resync-interval", "1h");
		properties.put("portcullis.routing.redis-timeout", "500ms");
		try (TestGateway gateway = TestGateway.start(properties)) {
			// The Redis-backed limiter and cache fall back while Redis is down (sections
			// 15, 16).
			gateway.client().get().uri("/guarded/1").exchange().expectStatus().isOk().expectBody(Void.class);
			postRoute(gateway, "early", "Path=/early/**", HttpStatus.SERVICE_UNAVAILABLE);
			late.start();
			try {
				assertThat(awaitSubscribers(late, channel)).as("replicas subscribed to the refresh channel")
					.isEqualTo(1);
				createRoute(gateway, "late", "Path=/late/**");
				assertThat(late.publish(channel, "another-replica")).isEqualTo(1);
				assertThat(awaitStatus(gateway, "/late/1", HttpStatus.OK)).isEqualTo(HttpStatus.OK);
			}
			finally {
				late.stop();
			}
		}
	}

	/**
	 * Publishes a no-op refresh until a subscriber receives it, for at most 20 seconds
	 * (the resubscription backs off up to 10 s).
	 */
	private static long awaitSubscribers(TestRedis redis, String channel) {
		Instant deadline = Instant.now().plusSeconds(20);
		long receivers;
		do {
			receivers = redis.publish(channel, "probe");
			if (receivers > 0) {
				return receivers;
			}
			LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
		}
		while (Instant.now().isBefore(deadline));
		return receivers;
	}

	@Test
	void deletingAnUnknownRouteAnswers404() {
		first.admin()
			.delete()
			.uri("/actuator/gateway/routes/never-created")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(Void.class);
	}

	@Test
	void creatingRoutesNeedsTheAdminCredentials() {
		first.management()
			.post()
			.uri("/actuator/gateway/routes/sneaky")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("uri", upstream.url(), "predicates", List.of("Path=/sneaky/**")))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(Void.class);
	}

	private static void createRoute(TestGateway gateway, String id, String predicate) {
		postRoute(gateway, id, predicate, HttpStatus.CREATED);
	}

	/**
	 * Creates a route to the upstream through the admin endpoint, expecting
	 * {@code status}.
	 */
	private static void postRoute(TestGateway gateway, String id, String predicate, HttpStatus status) {
		gateway.admin()
			.post()
			.uri("/actuator/gateway/routes/" + id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("uri", upstream.url(), "predicates", List.of(predicate)))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(Void.class);
	}

	/** Polls until the path answers {@code expected}, for at most 10 seconds. */
	private static HttpStatus awaitStatus(TestGateway gateway, String path, HttpStatus expected) {
		Instant deadline = Instant.now().plusSeconds(10);
		HttpStatus last;
		do {
			last = HttpStatus.valueOf(gateway.client()
				.get()
				.uri(path)
				.exchange()
				.expectBody(Void.class)
				.returnResult()
				.getStatus()
				.value());
			if (last == expected) {
				return last;
			}
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
		while (Instant.now().isBefore(deadline));
		return last;
	}

}
