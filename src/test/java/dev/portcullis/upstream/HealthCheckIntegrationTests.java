package dev.portcullis.upstream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.jayway.jsonpath.JsonPath;
import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Active health checks and passive ejection through the running gateway: an instance
 * killed under load costs no request and gets no traffic until it passes its checks
 * again; an instance failing its checks gets no traffic; when every instance fails, all
 * of them get traffic (panic).
 */
class HealthCheckIntegrationTests {

	private static final String GROUP = "portcullis.upstreams.svc.";

	private static Instance a;

	private static Instance b;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		a = Instance.start("a");
		b = Instance.start("b");
		gateway = TestGateway.start(new Routes().route("svc", "lb://svc", List.of("Path=/svc/**"), List.of("Retry=3"))
			.with(GROUP + "instances", a.url() + "," + b.url())
			.with(GROUP + "health-check.path", "/health")
			.with(GROUP + "health-check.interval", "1s")
			.with(GROUP + "health-check.timeout", "1s")
			.with(GROUP + "health-check.healthy-threshold", "2")
			.with(GROUP + "health-check.unhealthy-threshold", "2")
			.with(GROUP + "outlier-detection.consecutive-failures", "1")
			.with(GROUP + "outlier-detection.base-ejection-time", "1s")
			.properties());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		a.close();
		b.close();
	}

	@AfterEach
	void bothHealthyAgain() {
		a.passHealthChecks(true);
		b.passHealthChecks(true);
		awaitInstance(0, (state) -> Boolean.TRUE.equals(state.get("healthy")));
		awaitInstance(1, (state) -> Boolean.TRUE.equals(state.get("healthy")));
	}

	@Test
	void anInstanceKilledUnderLoadCostsNoRequestAndGetsTrafficAgainOnceItPassesItsChecks() {
		List<Load.Answer> answers = Load.get(gateway.url() + "/svc/x", 200, 4, Map.of(), (done) -> {
			if (done == 50) {
				// Not on the client's event loop, which must not block.
				Schedulers.boundedElastic().schedule(b::kill);
			}
		});
		assertThat(answers).hasSize(200).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200));
		awaitInstance(1, (state) -> Boolean.FALSE.equals(state.get("healthy")));
		int servedWhileDown = b.served();
		assertThat(Load.get(gateway.url() + "/svc/x", 20, 2))
			.allSatisfy((answer) -> assertThat(answer).isEqualTo(new Load.Answer(200, "a")));
		b.revive();
		awaitInstance(1, (state) -> Boolean.TRUE.equals(state.get("healthy")));
		assertThat(Load.get(gateway.url() + "/svc/x", 20, 1))
			.allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200));
		assertThat(b.served()).isGreaterThan(servedWhileDown);
	}

	@Test
	void anInstanceFailingItsChecksGetsNoTrafficUntilItPassesAgain() {
		b.passHealthChecks(false);
		awaitInstance(1, (state) -> Boolean.FALSE.equals(state.get("healthy")));
		int before = b.served();
		assertThat(Load.get(gateway.url() + "/svc/x", 20, 2))
			.allSatisfy((answer) -> assertThat(answer).isEqualTo(new Load.Answer(200, "a")));
		assertThat(b.served()).isEqualTo(before);
		b.passHealthChecks(true);
		awaitInstance(1, (state) -> Boolean.TRUE.equals(state.get("healthy")));
		Load.get(gateway.url() + "/svc/x", 20, 1);
		assertThat(b.served()).isGreaterThan(before);
	}

	@Test
	void whenEveryInstanceFailsItsChecksAllOfThemGetTraffic() {
		a.passHealthChecks(false);
		b.passHealthChecks(false);
		awaitInstance(0, (state) -> Boolean.FALSE.equals(state.get("healthy")));
		awaitInstance(1, (state) -> Boolean.FALSE.equals(state.get("healthy")));
		assertThat(JsonPath.<Boolean>read(upstreams(), "$.groups.svc.panic")).isTrue();
		int beforeA = a.served();
		int beforeB = b.served();
		assertThat(Load.get(gateway.url() + "/svc/x", 20, 1))
			.allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200));
		assertThat(a.served()).isGreaterThan(beforeA);
		assertThat(b.served()).isGreaterThan(beforeB);
	}

	/**
	 * Polls the admin endpoint until the group's instance at {@code index} is in the
	 * wanted state, for at most 20 seconds.
	 */
	private static Map<String, Object> awaitInstance(int index, Predicate<Map<String, Object>> wanted) {
		return Awaitility.await()
			.alias("instance " + index + " in the wanted state")
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> JsonPath.read(upstreams(), "$.groups.svc.instances[" + index + "]"), wanted);
	}

	private static String upstreams() {
		return gateway.admin()
			.get()
			.uri("/actuator/upstreams")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
