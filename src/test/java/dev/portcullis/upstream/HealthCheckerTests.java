package dev.portcullis.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The health checker against a real instance on loopback, without the gateway. */
class HealthCheckerTests {

	private final Instance instance = Instance.start("checked");

	private HealthChecker checker;

	private Balancer balancer;

	@AfterEach
	void stop() {
		if (this.checker != null) {
			this.checker.stop();
		}
		this.instance.close();
	}

	private HealthChecker checker(String interval) {
		UpstreamsProperties properties = new UpstreamsProperties(Map.of("svc",
				new UpstreamsProperties.Group(List.of(UpstreamsProperties.Instance.valueOf(this.instance.url())), null,
						null, new HealthCheck("/health", Duration.parse("PT" + interval), Duration.ofSeconds(1), 1, 1),
						null)));
		this.balancer = new Balancer(new UpstreamGroups(properties), properties, Clock.systemUTC(),
				GroupBalancer.InstanceListener.NONE);
		this.checker = new HealthChecker(this.balancer, HttpClient.newConnection());
		return this.checker;
	}

	@Test
	void aCheckPassesOn2xxAndFailsOnOtherStatusesAndRefusedConnections() {
		HealthChecker checker = checker("10S");
		UpstreamInstance target = new UpstreamInstance("127.0.0.1", Integer.parseInt(this.instance.id().split(":")[1]),
				false, 1);
		// Generous: the first check also starts the client's event loops.
		HealthCheck settings = new HealthCheck("/health", Duration.ofSeconds(5), Duration.ofSeconds(5), 1, 1);
		assertThat(checker.check(target, settings).block(Duration.ofSeconds(5))).isTrue();
		this.instance.passHealthChecks(false);
		assertThat(checker.check(target, settings).block(Duration.ofSeconds(5))).isFalse();
		this.instance.kill();
		assertThat(checker.check(target, settings).block(Duration.ofSeconds(5))).isFalse();
	}

	@Test
	void scheduledChecksFollowTheInstanceBackAndForth() {
		HealthChecker checker = checker("1S");
		checker.start();
		for (int round = 0; round < 3; round++) {
			this.instance.passHealthChecks(false);
			awaitHealthy(false);
			this.instance.passHealthChecks(true);
			awaitHealthy(true);
		}
	}

	private boolean healthy() {
		return this.balancer.group("svc").instances().get(0).isHealthy();
	}

	private void awaitHealthy(boolean wanted) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(healthy()).as("healthy").isEqualTo(wanted));
	}

}
