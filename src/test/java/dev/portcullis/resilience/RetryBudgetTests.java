package dev.portcullis.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryBudgetTests {

	private final MovingClock clock = new MovingClock();

	@Test
	void aQuietRouteMayMakeTheMinimumRetriesPerSecondOfTheWindow() {
		RetryBudget budget = new RetryBudget(20, 10, 10, this.clock);
		assertThat(retriesGranted(budget, 1000)).isEqualTo(100);
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			20, 0, 10, 1000, 200
			20, 10, 10, 1000, 300
			50, 0, 10, 10, 5
			0, 0, 10, 1000, 0
			100, 0, 1, 7, 7
			""")
	void retriesAreCappedAtTheShareOfRequestsPlusTheMinimum(double percent, int minPerSecond, int window, int requests,
			int expected) {
		RetryBudget budget = new RetryBudget(percent, minPerSecond, window, this.clock);
		for (int i = 0; i < requests; i++) {
			budget.recordRequest();
		}
		assertThat(retriesGranted(budget, 10_000)).isEqualTo(expected);
	}

	@Test
	void theBudgetRefillsAsRetriesLeaveTheWindow() {
		RetryBudget budget = new RetryBudget(0, 2, 3, this.clock);
		assertThat(retriesGranted(budget, 100)).isEqualTo(6);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(budget.tryRetry()).isFalse();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(retriesGranted(budget, 100)).isEqualTo(6);
	}

	@Test
	void requestsOlderThanTheWindowNoLongerCount() {
		RetryBudget budget = new RetryBudget(10, 0, 5, this.clock);
		for (int i = 0; i < 100; i++) {
			budget.recordRequest();
		}
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(budget.tryRetry()).isFalse();
	}

	@Test
	void requestsInsideTheWindowStillCountAfterSomeSeconds() {
		RetryBudget budget = new RetryBudget(10, 0, 5, this.clock);
		for (int i = 0; i < 100; i++) {
			budget.recordRequest();
		}
		this.clock.advance(Duration.ofSeconds(4));
		assertThat(retriesGranted(budget, 100)).isEqualTo(10);
	}

	@Test
	void aLongPauseEmptiesEveryBucket() {
		RetryBudget budget = new RetryBudget(0, 1, 3, this.clock);
		assertThat(retriesGranted(budget, 10)).isEqualTo(3);
		this.clock.advance(Duration.ofDays(2));
		assertThat(retriesGranted(budget, 10)).isEqualTo(3);
	}

	@Test
	void refusesBadArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(-1, 0, 1, this.clock));
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(1, -1, 1, this.clock));
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(1, 0, 0, this.clock));
	}

	private static int retriesGranted(RetryBudget budget, int asked) {
		int granted = 0;
		for (int i = 0; i < asked; i++) {
			if (budget.tryRetry()) {
				granted++;
			}
		}
		return granted;
	}

	/** A clock the test moves by hand. */
	private static final class MovingClock extends Clock {

		private Instant now = Instant.parse("2026-12-02T10:00:00.250Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
