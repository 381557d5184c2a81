package dev.portcullis.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.portcullis.resilience.FlakyUpstream.Mode;
import dev.portcullis.testsupport.FreePorts;
import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timeouts, retries, circuit breakers and the upstream pool through the running gateway,
 * with real upstreams that the tests make hang, reset connections, refuse and close idle
 * connections.
 */
class ResilienceIntegrationTests {

	private static final String ROUTES = "spring.cloud.gateway.server.webflux.routes";

	private static final String BREAKERS = "resilience4j.circuitbreaker.instances.";

	private static FlakyUpstream breaking;

	private static FlakyUpstream resetting;

	private static FlakyUpstream cachedOrigin;

	private static FlakyUpstream idleClosing;

	private static TestUpstream plain;

	private static TestUpstream budgeted;

	private static TestUpstream survivor;

	private static TestUpstream victim;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		breaking = FlakyUpstream.start();
		resetting = FlakyUpstream.start();
		cachedOrigin = FlakyUpstream.start();
		idleClosing = FlakyUpstream.closingIdleConnectionsAfter(Duration.ofMillis(300));
		plain = TestUpstream.start("plain");
		budgeted = TestUpstream.start("budgeted");
		survivor = TestUpstream.start("survivor");
		victim = TestUpstream.start("victim");
		int refusing = FreePorts.next();
		Routes routes = new Routes()
			.route("cb", breaking.url(), List.of("Path=/cb/**"), List.of("CircuitBreaker", "StripPrefix=1"),
					Map.of("response-timeout", "1000"))
			.route("patient", plain.url(), List.of("Path=/patient/**"), List.of("CircuitBreaker", "StripPrefix=1"),
					Map.of("response-timeout", "3000"))
			.route("pair", "lb://pair", List.of("Path=/pair/**"), List.of("Retries", "StripPrefix=1"))
			.route("reset", resetting.url(), List.of("Path=/reset/**"), List.of("Retries", "StripPrefix=1"))
			.route("unavailable", plain.url(), List.of("Path=/unavailable/**"), List.of("Retries", "StripPrefix=1"))
			.route("slow", plain.url(), List.of("Path=/slow/**"), List.of("Retries=2", "StripPrefix=1"),
					Map.of("response-timeout", "200"))
			.route("cached", cachedOrigin.url(), List.of("Path=/cached/**"),
					List.of("ResponseCache", "CircuitBreaker", "StripPrefix=1"), Map.of("response-timeout", "1000"))
			.route("idle", idleClosing.url(), List.of("Path=/idle/**"), List.of("StripPrefix=1"))
			.route("duo", "lb://duo", List.of("Path=/duo/**"), List.of("Retries", "StripPrefix=1"))
			.with(ROUTES + "[9].id", "budgeted")
			.with(ROUTES + "[9].uri", budgeted.url())
			.with(ROUTES + "[9].predicates[0]", "Path=/budgeted/**")
			.with(ROUTES + "[9].filters[0].name", "Retries")
			.with(ROUTES + "[9].filters[0].args.budgetPercent", "20")
			.with(ROUTES + "[9].filters[0].args.minRetriesPerSecond", "0")
			.with(ROUTES + "[9].filters[1]", "StripPrefix=1")
			.group("duo", survivor, victim)
			.with("portcullis.upstreams.pair.instances[0]", "http://127.0.0.1:" + refusing)
			.with("portcullis.upstreams.pair.instances[1]", plain.url())
			.with("portcullis.upstream-pool.max-idle-time", "150ms")
			.with("portcullis.retries.first-backoff", "10ms")
			.with("portcullis.retries.max-backoff", "50ms");
		smallBreaker(routes, "cb", 4);
		smallBreaker(routes, "cached", 2);
		gateway = TestGateway.start(routes.properties());
	}

	/**
	 * Configures a breaker through Resilience4j's own properties, which must win over
	 * {@code portcullis.circuit-breaker.*} (whose minimum of 10 calls would keep these
	 * breakers closed in the tests).
	 */
	private static void smallBreaker(Routes routes, String name, int calls) {
		routes.with(BREAKERS + name + ".sliding-window-type", "COUNT_BASED")
			.with(BREAKERS + name + ".sliding-window-size", String.valueOf(calls))
			.with(BREAKERS + name + ".minimum-number-of-calls", String.valueOf(calls))
			.with(BREAKERS + name + ".failure-rate-threshold", "50")
			.with(BREAKERS + name + ".wait-duration-in-open-state", "2s")
			.with(BREAKERS + name + ".permitted-number-of-calls-in-half-open-state", "2")
			.with(BREAKERS + name + ".automatic-transition-from-open-to-half-open-enabled", "true");
	}

	@AfterAll
	static void stop() {
		gateway.close();
		for (AutoCloseable upstream : List.<AutoCloseable>of(breaking, resetting, cachedOrigin, idleClosing, plain,
				budgeted, survivor, victim)) {
			try {
				upstream.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	@Test
	void aLongerRouteTimeoutIsNotCutByTheCircuitBreakersTimeLimiter() {
		gateway.client()
			.get()
			.uri("/patient/x?delayMs=2000")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("plain GET /x");
	}

	@Test
	void aBreakerRouteServesMoreConcurrentRequestsThanResilience4jsDefaultBulkheadAllows() {
		// Spring Cloud CircuitBreaker would wrap every breaker in a bulkhead of 25
		// concurrent
		// calls and fail the rest with 500; the gateway's own limits bound concurrency
		// instead.
		WebClient client = WebClient.create(gateway.url());
		List<Integer> statuses = Flux.range(0, 40)
			.flatMap(
					(i) -> client.get()
						.uri("/patient/c" + i + "?delayMs=500")
						.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())),
					40)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(statuses).hasSize(40).containsOnly(200);
	}

	@Test
	void aHangingUpstreamGets504sThenTheBreakerOpensAnswers503AtOnceThenHalfOpenProbesCloseIt() {
		CircuitBreaker breaker = registry().circuitBreaker("cb");
		assertThat(breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls())
			.as("resilience4j.circuitbreaker.instances.cb.* binds")
			.isEqualTo(4);
		breaking.mode(Mode.HANG);
		for (int i = 0; i < 4; i++) {
			problem(gateway.client().get().uri("/cb/x"), 504);
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		int reached = breaking.gets();

		EntityExchangeResult<String> open = problem(gateway.client().get().uri("/cb/x"), 503);
		assertThat(open.getResponseHeaders().getFirst("Retry-After")).isIn("1", "2");
		assertThat(open.getResponseBody()).contains("retry after the number of seconds in Retry-After");
		assertThat(breaking.gets()).as("an open breaker does not call the upstream").isEqualTo(reached);
		gateway.admin()
			.get()
			.uri("/actuator/health/circuitBreakers")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("\"UP\"").contains("\"cb\"").contains("\"state\":\"OPEN\""));

		breaking.mode(Mode.ANSWER);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN));
		for (int i = 0; i < 2; i++) {
			gateway.client()
				.get()
				.uri("/cb/x")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("ok GET");
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(gateway.metrics()).contains("resilience4j_circuitbreaker_state{").contains("name=\"cb\"");
	}

	@Test
	void anOpenBreakerServesAStoredResponseWhenTheRouteCachesAnd503WhenNothingIsStored() {
		gateway.client()
			.get()
			.uri("/cached/a")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("ok GET");
		cachedOrigin.mode(Mode.HANG);
		// One success and one failure of the two calls in the window: 50% opens it.
		problem(gateway.client().get().uri("/cached/b"), 504);
		assertThat(registry().circuitBreaker("cached").getState()).isEqualTo(CircuitBreaker.State.OPEN);
		int reached = cachedOrigin.gets();

		gateway.client()
			.get()
			.uri("/cached/a")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("Cache-Status", (status) -> assertThat(status).contains("stale-if-error"))
			.expectBody(String.class)
			.isEqualTo("ok GET");
		EntityExchangeResult<String> nothingStored = problem(gateway.client().get().uri("/cached/d"), 503);
		assertThat(nothingStored.getResponseHeaders().getFirst("Retry-After")).isNotBlank();
		assertThat(cachedOrigin.gets()).isEqualTo(reached);
		cachedOrigin.mode(Mode.ANSWER);
	}

	@Test
	void anIdempotentRequestIsRetriedOnAnotherInstanceWhenOneRefusesConnections() {
		for (int i = 0; i < 10; i++) {
			gateway.client()
				.get()
				.uri("/pair/x")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("plain GET /x");
		}
	}

	@Test
	void anyMethodIsRetriedWhenTheConnectionWasRefusedBeforeTheRequestWasSent() {
		for (int i = 0; i < 4; i++) {
			gateway.client()
				.post()
				.uri("/pair/p")
				.bodyValue("order " + i)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("plain POST /p");
		}
	}

	@Test
	void aPostIsNeverSentTwiceWhenTheConnectionBreaksAfterTheUpstreamReadIt() {
		resetting.mode(Mode.RESET);
		resetting.resetCounts();
		problem(gateway.client().post().uri("/reset/orders").bodyValue("one order"), 502);
		assertThat(resetting.posts()).isEqualTo(1);
	}

	@Test
	void aGetIsRetriedUpToTheAttemptsWhenTheConnectionBreaks() {
		resetting.mode(Mode.RESET);
		resetting.resetCounts();
		problem(gateway.client().get().uri("/reset/orders"), 502);
		assertThat(resetting.gets()).isEqualTo(3);
	}

	@Test
	void aRetryableStatusIsRetriedForGetAndPassedThroughAfterTheLastAttempt() {
		plain.clear();
		gateway.client()
			.get()
			.uri("/unavailable/status/503")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody(String.class)
			.isEqualTo("plain GET /status/503");
		assertThat(plain.received()).filteredOn((r) -> r.uri().equals("/status/503")).hasSize(3);
	}

	@Test
	void aRetryableStatusIsNotRetriedForPost() {
		plain.clear();
		gateway.client()
			.post()
			.uri("/unavailable/status/503")
			.bodyValue("x")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody(String.class)
			.isEqualTo("plain POST /status/503");
		assertThat(plain.received()).filteredOn((r) -> r.uri().equals("/status/503")).hasSize(1);
	}

	@Test
	void aTimedOutGetIsRetriedUpToTheRoutesAttemptsThenAnswers504() {
		plain.clear();
		problem(gateway.client().get().uri("/slow/t?delayMs=1500"), 504);
		assertThat(plain.received()).filteredOn((r) -> r.uri().startsWith("/t?")).hasSize(2);
	}

	@Test
	void aTimedOutPostIsNotRetried() {
		plain.clear();
		problem(gateway.client().post().uri("/slow/p?delayMs=1500").bodyValue("x"), 504);
		assertThat(plain.received()).filteredOn((r) -> r.uri().startsWith("/p?")).hasSize(1);
	}

	@Test
	void theRetryBudgetCapsRetriesAtItsShareOfRequests() {
		for (int i = 0; i < 20; i++) {
			gateway.client()
				.get()
				.uri("/budgeted/status/503")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody(String.class)
				.isEqualTo("budgeted GET /status/503");
		}
		// Without a budget each request would take 3 attempts (60); 20% of 20 requests
		// allows 4 retries.
		assertThat(budgeted.received()).hasSizeBetween(21, 24);
	}

	@Test
	void anUpstreamClosingIdleConnectionsCausesNoClientVisibleError() throws InterruptedException {
		for (int i = 0; i < 16; i++) {
			gateway.client()
				.post()
				.uri("/idle/x")
				.bodyValue("x")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("ok POST");
			// Around the upstream's 300 ms idle timeout, where a pool without its own
			// idle limit would pick a connection the upstream is closing.
			Thread.sleep(260 + (i % 5) * 20);
		}
		assertThat(idleClosing.posts()).isEqualTo(16);
	}

	/**
	 * One client at a time, so that a plain round robin would also send each retry to the
	 * other instance; with concurrent clients only a balancer that avoids instances
	 * already tried (exchange attribute {@code portcullis.upstream.tried}) does.
	 */
	@Test
	void noGetFailsWhenOneOfTwoInstancesIsKilledUnderLoad() throws Exception {
		WebClient client = WebClient.create(gateway.url());
		AtomicInteger answered = new AtomicInteger();
		CompletableFuture<List<Integer>> load = Flux.range(0, 200)
			.concatMap((i) -> client.get()
				.uri("/duo/n" + i + "?delayMs=20")
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
				.doOnNext((status) -> answered.incrementAndGet()))
			.collectList()
			.toFuture();
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(answered).hasValueGreaterThanOrEqualTo(50));
		victim.close();
		List<Integer> statuses = load.get(60, TimeUnit.SECONDS);
		assertThat(statuses).hasSize(200).containsOnly(200);
		assertThat(survivor.received()).hasSizeGreaterThan(100);
	}

	private static CircuitBreakerRegistry registry() {
		return gateway.context().getBean(ReactiveResilience4JCircuitBreakerFactory.class).getCircuitBreakerRegistry();
	}

	private static EntityExchangeResult<String> problem(WebTestClient.RequestHeadersSpec<?> request, int status) {
		return request.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult();
	}

}
