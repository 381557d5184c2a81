package dev.portcullis.upstream;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OutlierDetectorTests {

	private static final OutlierDetection THREE_IN_A_ROW = new OutlierDetection(3, Duration.ofSeconds(10),
			Duration.ofSeconds(25), 50, List.of(503));

	private final UpstreamInstance a = new UpstreamInstance("a", 80, false, 1);

	private final UpstreamInstance b = new UpstreamInstance("b", 80, false, 1);

	private final List<UpstreamInstance> group = List.of(this.a, this.b);

	@Test
	void ejectsAfterTheConfiguredFailuresInARow() {
		OutlierDetector detector = new OutlierDetector(THREE_IN_A_ROW);
		assertThat(detector.failed(this.a, this.group, 1000)).isFalse();
		assertThat(detector.failed(this.a, this.group, 1000)).isFalse();
		assertThat(detector.failed(this.a, this.group, 1000)).isTrue();
		assertThat(this.a.isEjected(1000)).isTrue();
		assertThat(this.a.isEjected(10_999)).isTrue();
		assertThat(this.a.isEjected(11_000)).isFalse();
		assertThat(this.a.consecutiveFailures()).isZero();
	}

	@Test
	void aSuccessStartsTheCountAgain() {
		OutlierDetector detector = new OutlierDetector(THREE_IN_A_ROW);
		detector.failed(this.a, this.group, 0);
		detector.failed(this.a, this.group, 0);
		detector.succeeded(this.a, 0);
		assertThat(detector.failed(this.a, this.group, 0)).isFalse();
		assertThat(detector.failed(this.a, this.group, 0)).isFalse();
		assertThat(this.a.isEjected(0)).isFalse();
	}

	@Test
	void repeatedEjectionsLastLongerUpToTheMaximum() {
		OutlierDetector detector = new OutlierDetector(THREE_IN_A_ROW);
		long now = 0;
		long[] expected = { 10_000, 20_000, 25_000, 25_000 };
		for (long length : expected) {
			for (int i = 0; i < 3; i++) {
				detector.failed(this.a, this.group, now);
			}
			assertThat(this.a.ejectedUntilMillis() - now).isEqualTo(length);
			now = this.a.ejectedUntilMillis();
		}
		assertThat(this.a.ejections()).isEqualTo(4);
	}

	@Test
	void failuresWhileEjectedDoNotCount() {
		OutlierDetector detector = new OutlierDetector(THREE_IN_A_ROW);
		for (int i = 0; i < 3; i++) {
			detector.failed(this.a, this.group, 0);
		}
		assertThat(detector.failed(this.a, this.group, 5)).isFalse();
		assertThat(this.a.consecutiveFailures()).isZero();
	}

	@Test
	void neverEjectsMoreThanTheShareOfTheGroup() {
		OutlierDetector detector = new OutlierDetector(THREE_IN_A_ROW);
		for (int i = 0; i < 3; i++) {
			detector.failed(this.a, this.group, 0);
			detector.failed(this.b, this.group, 0);
		}
		assertThat(this.a.isEjected(0)).isTrue();
		assertThat(this.b.isEjected(0)).isFalse();
		// Once a is back, b may go.
		assertThat(detector.failed(this.b, this.group, 10_000)).isTrue();
	}

	@Test
	void aLongSpellWithoutEjectionForgivesEarlierOnes() {
		OutlierDetector detector = new OutlierDetector(THREE_IN_A_ROW);
		for (int i = 0; i < 3; i++) {
			detector.failed(this.a, this.group, 0);
		}
		detector.succeeded(this.a, 20_000);
		assertThat(this.a.ejections()).isEqualTo(1);
		detector.succeeded(this.a, 25_000);
		assertThat(this.a.ejections()).isZero();
	}

	@Test
	void zeroFailuresTurnsEjectionOff() {
		OutlierDetector detector = new OutlierDetector(new OutlierDetection(0, null, null, null, null));
		for (int i = 0; i < 100; i++) {
			assertThat(detector.failed(this.a, this.group, 0)).isFalse();
		}
	}

	@ParameterizedTest
	@CsvSource({ "50, 1, 1", "50, 2, 1", "50, 3, 1", "50, 4, 2", "10, 5, 1", "100, 3, 3", "0, 5, 0", "34, 6, 2" })
	void theShareIsAtLeastOneInstanceUnlessZero(int percent, int groupSize, int allowed) {
		OutlierDetector detector = new OutlierDetector(new OutlierDetection(5, null, null, percent, null));
		assertThat(detector.maxEjected(groupSize)).isEqualTo(allowed);
	}

	@Test
	void countsOnlyTheConfiguredStatusesAsFailures() {
		OutlierDetector detector = new OutlierDetector(THREE_IN_A_ROW);
		assertThat(detector.isFailure(503)).isTrue();
		assertThat(detector.isFailure(500)).isFalse();
		assertThat(detector.isFailure(200)).isFalse();
		assertThat(new OutlierDetector(OutlierDetection.DEFAULT).isFailure(503)).isFalse();
	}

}
