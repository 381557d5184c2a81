package dev.portcullis.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import dev.portcullis.testsupport.FreePorts;
import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each load-balancing strategy through the running gateway, retries that avoid a dead
 * instance, and the admin view of it all.
 */
class BalancingIntegrationTests {

	private static final String GROUPS = "portcullis.upstreams.";

	private static final List<Instance> instances = new ArrayList<>();

	private static Instance rr1;

	private static Instance rr2;

	private static Instance fast;

	private static Instance slow;

	private static Instance heavy;

	private static Instance light;

	private static Instance alive;

	private static String dead;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		rr1 = started("rr-1", Duration.ZERO);
		rr2 = started("rr-2", Duration.ZERO);
		fast = started("fast", Duration.ZERO);
		slow = started("slow", Duration.ofSeconds(1));
		heavy = started("heavy", Duration.ZERO);
		light = started("light", Duration.ZERO);
		Instance cookie1 = started("cookie-1", Duration.ZERO);
		Instance cookie2 = started("cookie-2", Duration.ZERO);
		Instance hashed1 = started("hashed-1", Duration.ZERO);
		Instance hashed2 = started("hashed-2", Duration.ZERO);
		alive = started("alive", Duration.ZERO);
		started("sleepy", Duration.ofSeconds(5));
		dead = "127.0.0.1:" + FreePorts.next();
		Routes routes = new Routes();
		for (String group : List.of("rr", "p2c", "weighted", "cookie", "hashed", "half", "sleepy")) {
			List<String> filters = group.equals("half") ? List.of("Retry=3") : List.of();
			routes.route(group, "lb://" + group, List.of("Path=/" + group + "/**"), filters);
		}
		// The scheme-prefixed form of Spring Cloud Gateway (as in lb:ws://group).
		routes.route("prefixed", "lb:http://rr", List.of("Path=/prefixed/**"), List.of());
		gateway = TestGateway.start(routes.with(GROUPS + "rr.instances", rr1.url() + "," + rr2.url())
			.with(GROUPS + "p2c.instances", fast.url() + "," + slow.url())
			.with(GROUPS + "p2c.load-balancing", "least-in-flight")
			.with(GROUPS + "weighted.instances[0].uri", heavy.url())
			.with(GROUPS + "weighted.instances[0].weight", "3")
			.with(GROUPS + "weighted.instances[1].uri", light.url())
			.with(GROUPS + "weighted.load-balancing", "weighted")
			.with(GROUPS + "cookie.instances", cookie1.url() + "," + cookie2.url())
			.with(GROUPS + "cookie.load-balancing.strategy", "sticky-cookie")
			.with(GROUPS + "hashed.instances", hashed1.url() + "," + hashed2.url())
			.with(GROUPS + "hashed.load-balancing.strategy", "sticky-header")
			.with(GROUPS + "hashed.load-balancing.header", "X-User-Id")
			.with(GROUPS + "half.instances", alive.url() + ",http://" + dead)
			.with(GROUPS + "half.outlier-detection.consecutive-failures", "2")
			.with(GROUPS + "sleepy.instances", instances.get(instances.size() - 1).url())
			.properties());
	}

	private static Instance started(String name, Duration delay) {
		Instance instance = Instance.start(name, delay);
		instances.add(instance);
		return instance;
	}

	@AfterAll
	static void stop() {
		gateway.close();
		instances.forEach(Instance::close);
	}

	@Test
	void roundRobinAlternatesBetweenTheInstances() {
		List<String> upstreams = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			upstreams.add(upstreamOf(gateway.client().get().uri("/rr/x").exchange()));
		}
		assertThat(upstreams).containsOnly("rr-1", "rr-2");
		for (int i = 1; i < upstreams.size(); i++) {
			assertThat(upstreams.get(i)).isNotEqualTo(upstreams.get(i - 1));
		}
	}

	@Test
	void aSchemePrefixedLbRouteIsBalancedToo() {
		List<String> upstreams = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			upstreams.add(upstreamOf(gateway.client().get().uri("/prefixed/x").exchange()));
		}
		assertThat(upstreams).containsOnly("rr-1", "rr-2").contains("rr-1", "rr-2");
	}

	@Test
	void leastInFlightSendsMostRequestsToTheInstanceThatAnswersQuickly() {
		List<Load.Answer> answers = Load.get(gateway.url() + "/p2c/x", 80, 4);
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200));
		long toSlow = answers.stream().filter((answer) -> answer.upstream().equals("slow")).count();
		// Round-robin would send half (40) to the slow one. Least-in-flight sends it a
		// request only while it holds no more than the fast one: at most 2 of the 4 at a
		// time, each for a second.
		assertThat(toSlow).isLessThan(20);
		assertThat(fast.served() + slow.served()).isEqualTo(80);
	}

	@Test
	void weightedSharesFollowTheWeights() {
		List<Load.Answer> answers = Load.get(gateway.url() + "/weighted/x", 80, 1);
		Map<String, Long> counts = answers.stream()
			.collect(Collectors.groupingBy(Load.Answer::upstream, Collectors.counting()));
		assertThat(counts.get("heavy")).isBetween(57L, 63L);
		assertThat(counts.get("light")).isBetween(17L, 23L);
	}

	@Test
	void stickyCookieKeepsAClientOnTheInstanceItWasGiven() {
		EntityExchangeResult<String> first = gateway.client()
			.get()
			.uri("/cookie/x")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		ResponseCookie cookie = first.getResponseCookies().getFirst("portcullis-upstream");
		assertThat(cookie).isNotNull();
		assertThat(cookie.getValue()).matches("[0-9a-f]{24}").doesNotContain("127.0.0.1");
		assertThat(cookie.isHttpOnly()).isTrue();
		String given = first.getResponseHeaders().getFirst("X-Upstream");
		for (int i = 0; i < 8; i++) {
			EntityExchangeResult<String> next = gateway.client()
				.get()
				.uri("/cookie/x")
				.cookie("portcullis-upstream", cookie.getValue())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult();
			assertThat(next.getResponseHeaders().getFirst("X-Upstream")).isEqualTo(given);
			assertThat(next.getResponseCookies()).doesNotContainKey("portcullis-upstream");
		}
	}

	@Test
	void stickyCookieReplacesACookieThatNamesNoInstance() {
		EntityExchangeResult<String> result = gateway.client()
			.get()
			.uri("/cookie/x")
			.cookie("portcullis-upstream", "forged")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		assertThat(result.getResponseCookies().getFirst("portcullis-upstream")).isNotNull()
			.satisfies((cookie) -> assertThat(cookie.getValue()).matches("[0-9a-f]{24}"));
	}

	@Test
	void stickyHeaderKeepsAUserOnOneInstanceAndSpreadsUsers() {
		Set<String> forUser = new java.util.HashSet<>();
		for (int i = 0; i < 8; i++) {
			forUser.add(upstreamOf(gateway.client().get().uri("/hashed/x").header("X-User-Id", "user-7").exchange()));
		}
		assertThat(forUser).hasSize(1);
		Set<String> forUsers = new java.util.HashSet<>();
		for (int i = 0; i < 30; i++) {
			forUsers
				.add(upstreamOf(gateway.client().get().uri("/hashed/x").header("X-User-Id", "user-" + i).exchange()));
		}
		assertThat(forUsers).containsExactlyInAnyOrder("hashed-1", "hashed-2");
	}

	@Test
	void retriesGoToTheLiveInstanceAndTheDeadOneIsEjected() {
		List<Load.Answer> answers = Load.get(gateway.url() + "/half/x", 60, 4);
		assertThat(answers).allSatisfy((answer) -> assertThat(answer).isEqualTo(new Load.Answer(200, "alive")));
		gateway.admin()
			.get()
			.uri("/actuator/upstreams")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.groups.half.instances[1].id")
			.isEqualTo(dead)
			.jsonPath("$.groups.half.instances[1].ejected")
			.isEqualTo(true)
			.jsonPath("$.groups.half.instances[1].ejectedUntil")
			.isNotEmpty()
			.jsonPath("$.groups.half.instances[0].ejected")
			.isEqualTo(false)
			.jsonPath("$.groups.half.instances[0].inFlight")
			.isEqualTo(0)
			.jsonPath("$.groups.half.instances[1].inFlight")
			.isEqualTo(0);
	}

	@Test
	void aRequestTheClientAbandonsStopsCountingAsInFlight() {
		Disposable request = HttpClient.create().get().uri(gateway.url() + "/sleepy/x").response().subscribe();
		try {
			awaitSleepyInFlight(1);
		}
		finally {
			request.dispose();
		}
		awaitSleepyInFlight(0);
	}

	private static void awaitSleepyInFlight(int wanted) {
		Awaitility.await()
			.alias("sleepy with " + wanted + " requests in flight")
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(BalancingIntegrationTests::sleepyInFlight, (inFlight) -> inFlight == wanted);
	}

	private static int sleepyInFlight() {
		String body = gateway.admin()
			.get()
			.uri("/actuator/upstreams")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return JsonPath.read(body, "$.groups.sleepy.instances[0].inFlight");
	}

	@Test
	void theUpstreamsEndpointNeedsTheAdminAndShowsEachGroup() {
		gateway.management()
			.get()
			.uri("/actuator/upstreams")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.isEmpty();
		gateway.admin()
			.get()
			.uri("/actuator/upstreams")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.groups.rr.strategy")
			.isEqualTo("round-robin")
			.jsonPath("$.groups.p2c.strategy")
			.isEqualTo("least-in-flight")
			.jsonPath("$.groups.weighted.instances[0].weight")
			.isEqualTo(3)
			.jsonPath("$.groups.rr.instances[0].healthy")
			.isEqualTo(true)
			.jsonPath("$.groups.rr.panic")
			.isEqualTo(false);
	}

	@Test
	void instanceStateIsPublishedAsMetrics() {
		String metrics = gateway.metrics();
		assertThat(metrics).contains("portcullis_upstream_instance_healthy{group=\"rr\",instance=\"" + rr1.id() + "\"}")
			.contains("portcullis_upstream_instance_in_flight{group=\"rr\"")
			.contains("portcullis_upstream_instance_ejected{group=\"half\"");
	}

	private static String upstreamOf(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec spec) {
		EntityExchangeResult<String> result = spec.expectStatus().isOk().expectBody(String.class).returnResult();
		HttpHeaders headers = result.getResponseHeaders();
		return headers.getFirst("X-Upstream");
	}

}
