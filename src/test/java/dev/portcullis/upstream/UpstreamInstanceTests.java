package dev.portcullis.upstream;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamInstanceTests {

	private static final HealthCheck TWO_UP_THREE_DOWN = new HealthCheck("/health", null, null, 2, 3);

	@Test
	void startsHealthyAndIdle() {
		UpstreamInstance instance = new UpstreamInstance("10.0.0.1", 8443, true, 3);
		assertThat(instance.id()).isEqualTo("10.0.0.1:8443");
		assertThat(instance.uri()).isEqualTo(URI.create("https://10.0.0.1:8443"));
		assertThat(instance.weight()).isEqualTo(3);
		assertThat(instance.isHealthy()).isTrue();
		assertThat(instance.isEjected(0)).isFalse();
		assertThat(instance.inFlight()).isZero();
	}

	@Test
	void countsRequestsInFlight() {
		UpstreamInstance instance = new UpstreamInstance("a", 80, false, 1);
		instance.begin();
		instance.begin();
		instance.end();
		assertThat(instance.inFlight()).isEqualTo(1);
	}

	@Test
	void turnsUnhealthyOnlyAfterTheUnhealthyThresholdInARow() {
		UpstreamInstance instance = new UpstreamInstance("a", 80, false, 1);
		assertThat(instance.recordCheck(false, TWO_UP_THREE_DOWN)).isFalse();
		assertThat(instance.recordCheck(false, TWO_UP_THREE_DOWN)).isFalse();
		assertThat(instance.recordCheck(true, TWO_UP_THREE_DOWN)).isFalse();
		assertThat(instance.recordCheck(false, TWO_UP_THREE_DOWN)).isFalse();
		assertThat(instance.recordCheck(false, TWO_UP_THREE_DOWN)).isFalse();
		assertThat(instance.isHealthy()).isTrue();
		assertThat(instance.recordCheck(false, TWO_UP_THREE_DOWN)).isTrue();
		assertThat(instance.isHealthy()).isFalse();
		assertThat(instance.recordCheck(false, TWO_UP_THREE_DOWN)).isFalse();
	}

	@Test
	void turnsHealthyAgainAfterTheHealthyThresholdInARow() {
		UpstreamInstance instance = new UpstreamInstance("a", 80, false, 1);
		for (int i = 0; i < 3; i++) {
			instance.recordCheck(false, TWO_UP_THREE_DOWN);
		}
		assertThat(instance.recordCheck(true, TWO_UP_THREE_DOWN)).isFalse();
		assertThat(instance.recordCheck(false, TWO_UP_THREE_DOWN)).isFalse();
		assertThat(instance.recordCheck(true, TWO_UP_THREE_DOWN)).isFalse();
		assertThat(instance.isHealthy()).isFalse();
		assertThat(instance.recordCheck(true, TWO_UP_THREE_DOWN)).isTrue();
		assertThat(instance.isHealthy()).isTrue();
	}

	@Test
	void recoveringThroughHealthChecksEndsAnEjection() {
		UpstreamInstance instance = new UpstreamInstance("a", 80, false, 1);
		instance.eject(0, 60_000, 60_000);
		for (int i = 0; i < 3; i++) {
			instance.recordCheck(false, TWO_UP_THREE_DOWN);
		}
		instance.recordCheck(true, TWO_UP_THREE_DOWN);
		instance.recordCheck(true, TWO_UP_THREE_DOWN);
		assertThat(instance.isEjected(1)).isFalse();
	}

	@Test
	void passingChecksLeaveAnEjectionOfAHealthyInstanceAlone() {
		UpstreamInstance instance = new UpstreamInstance("a", 80, false, 1);
		instance.eject(0, 60_000, 60_000);
		instance.recordCheck(true, TWO_UP_THREE_DOWN);
		instance.recordCheck(true, TWO_UP_THREE_DOWN);
		assertThat(instance.isEjected(1)).isTrue();
	}

}
