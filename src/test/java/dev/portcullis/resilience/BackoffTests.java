package dev.portcullis.resilience;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BackoffTests {

	private final Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1));

	@ParameterizedTest
	@CsvSource(textBlock = """
			1, 50
			2, 100
			3, 200
			4, 400
			5, 800
			6, 1000
			7, 1000
			40, 1000
			100, 1000
			2147483647, 1000
			""")
	void theCeilingDoublesEachRetryUpToTheMaximum(int retry, long ceilingMillis) {
		assertThat(this.backoff.ceiling(retry)).isEqualTo(Duration.ofMillis(ceilingMillis));
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			1, 0.0, 0
			1, 0.5, 25
			1, 0.999999, 49
			3, 0.25, 50
			9, 0.5, 500
			""")
	void theDelayIsAUniformFractionOfTheCeiling(int retry, double random, long delayMillis) {
		assertThat(this.backoff.delay(retry, () -> random).toMillis()).isEqualTo(delayMillis);
	}

	@Test
	void aZeroFirstBackoffNeverWaits() {
		Backoff none = new Backoff(Duration.ZERO, Duration.ZERO);
		assertThat(none.delay(5, () -> 0.9)).isZero();
	}

	@Test
	void aHugeMaximumDoesNotOverflow() {
		Backoff huge = new Backoff(Duration.ofSeconds(1), Duration.ofDays(365 * 100));
		assertThat(huge.ceiling(1000)).isEqualTo(Duration.ofDays(365 * 100));
		assertThat(huge.ceiling(10)).isEqualTo(Duration.ofSeconds(512));
	}

	@Test
	void refusesBadArguments() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> this.backoff.ceiling(0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.backoff.delay(1, () -> 1.0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.backoff.delay(1, () -> -0.1));
	}

}
