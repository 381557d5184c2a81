package dev.portcullis.ratelimit;

import java.util.List;

import dev.portcullis.ratelimit.GcraPolicy.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class GcraPolicyTests {

	private static final long SECOND = 1_000_000L;

	/** An arbitrary wall-clock instant in microseconds. */
	private static final long T0 = 1_764_000_000L * SECOND;

	private final List<Limit> tenPerSecond = List.of(Limit.parse("10/1s"));

	/** Sends {@code count} requests at {@code now}, carrying state in {@code tats}. */
	private static int allowedOf(List<Limit> limits, long[] tats, long now, int count) {
		int allowed = 0;
		for (int i = 0; i < count; i++) {
			Decision decision = GcraPolicy.acquire(limits, tats, now);
			System.arraycopy(decision.tats(), 0, tats, 0, tats.length);
			if (decision.allowed()) {
				allowed++;
			}
		}
		return allowed;
	}

	@Test
	void allowsExactlyTheQuotaAtOnceThenDenies() {
		long[] tats = new long[1];
		assertThat(allowedOf(this.tenPerSecond, tats, T0, 15)).isEqualTo(10);
	}

	@Test
	void countsDownRemainingAndReportsTimeUntilFull() {
		Decision first = GcraPolicy.acquire(this.tenPerSecond, new long[1], T0);
		assertThat(first.allowed()).isTrue();
		assertThat(first.quotas().get(0).remaining()).isEqualTo(9);
		assertThat(first.quotas().get(0).resetMicros()).isEqualTo(SECOND / 10);
		long[] tats = first.tats();
		Decision tenth = null;
		for (int i = 0; i < 9; i++) {
			tenth = GcraPolicy.acquire(this.tenPerSecond, tats, T0);
			tats = tenth.tats();
		}
		assertThat(tenth.quotas().get(0).remaining()).isZero();
		assertThat(tenth.quotas().get(0).resetMicros()).isEqualTo(SECOND);
	}

	@Test
	void deniedRequestSaysWhenOneWillBeAllowedAndConsumesNothing() {
		long[] tats = new long[1];
		allowedOf(this.tenPerSecond, tats, T0, 10);
		Decision denied = GcraPolicy.acquire(this.tenPerSecond, tats, T0 + 30_000);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.tats()).containsExactly(tats);
		assertThat(denied.retryAfterMicros()).isEqualTo(SECOND / 10 - 30_000);
		assertThat(denied.quotas().get(0).remaining()).isZero();
	}

	@Test
	void allowsOneMoreRequestExactlyOneIntervalLater() {
		long[] tats = new long[1];
		allowedOf(this.tenPerSecond, tats, T0, 10);
		assertThat(GcraPolicy.acquire(this.tenPerSecond, tats, T0 + SECOND / 10 - 1).allowed()).isFalse();
		assertThat(GcraPolicy.acquire(this.tenPerSecond, tats, T0 + SECOND / 10).allowed()).isTrue();
	}

	@Test
	void sustainsTheRateButNoMore() {
		long[] tats = new long[1];
		allowedOf(this.tenPerSecond, tats, T0, 10);
		int allowed = 0;
		// two requests every interval for 10 seconds: only one per interval gets through
		for (int step = 1; step <= 100; step++) {
			allowed += allowedOf(this.tenPerSecond, tats, T0 + step * SECOND / 10, 2);
		}
		assertThat(allowed).isEqualTo(100);
	}

	@Test
	void burstAllowsMoreAtOnceThenTheRate() {
		List<Limit> limits = List.of(Limit.parse("10/1s burst 25"));
		long[] tats = new long[1];
		assertThat(allowedOf(limits, tats, T0, 30)).isEqualTo(25);
		assertThat(allowedOf(limits, tats, T0 + SECOND, 30)).isEqualTo(10);
	}

	@Test
	void burstSmallerThanQuotaSpreadsRequests() {
		List<Limit> limits = List.of(Limit.parse("10/1s burst 1"));
		long[] tats = new long[1];
		assertThat(allowedOf(limits, tats, T0, 5)).isEqualTo(1);
		assertThat(allowedOf(limits, tats, T0 + SECOND / 10, 5)).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 60, 3_600, 86_400 * 365L })
	void longIdleRefillsToTheBurstAndNoMore(long idleSeconds) {
		List<Limit> limits = List.of(Limit.parse("10/1s burst 20"));
		long[] tats = new long[1];
		allowedOf(limits, tats, T0, 20);
		assertThat(allowedOf(limits, tats, T0 + 2 * SECOND + idleSeconds * SECOND, 100)).isEqualTo(20);
	}

	@Test
	void clockGoingBackwardsGrantsNothingExtra() {
		long[] tats = new long[1];
		allowedOf(this.tenPerSecond, tats, T0, 10);
		assertThat(allowedOf(this.tenPerSecond, tats, T0 - 5 * SECOND, 10)).isZero();
		assertThat(allowedOf(this.tenPerSecond, tats, T0 + SECOND / 10, 10)).isEqualTo(1);
	}

	@Test
	void unknownKeyAtTimeZeroStartsFull() {
		assertThat(allowedOf(this.tenPerSecond, new long[1], 0, 20)).isEqualTo(10);
	}

	@Test
	void everyLimitMustAllowAndADeniedRequestConsumesFromNone() {
		List<Limit> limits = List.of(Limit.parse("second=5/1s"), Limit.parse("hour=7/1h"));
		long[] tats = new long[2];
		assertThat(allowedOf(limits, tats, T0, 10)).isEqualTo(5);
		long[] afterFirstSecond = tats.clone();
		assertThat(allowedOf(limits, tats, T0 + SECOND, 10)).isEqualTo(2);
		Decision denied = GcraPolicy.acquire(limits, tats, T0 + 2 * SECOND);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.quotas().get(0).remaining()).isEqualTo(5);
		assertThat(denied.quotas().get(1).remaining()).isZero();
		assertThat(denied.retryAfterMicros()).isGreaterThan(500 * SECOND);
		assertThat(afterFirstSecond[1]).isLessThan(tats[1]);
	}

	@Test
	void deniedBySecondLimitLeavesFirstUntouched() {
		List<Limit> limits = List.of(Limit.parse("a=100/1s"), Limit.parse("b=1/1h"));
		long[] tats = new long[2];
		assertThat(allowedOf(limits, tats, T0, 1)).isEqualTo(1);
		long before = tats[0];
		assertThat(allowedOf(limits, tats, T0, 50)).isZero();
		assertThat(tats[0]).isEqualTo(before);
	}

	@Test
	void peekConsumesNothing() {
		long[] tats = new long[1];
		allowedOf(this.tenPerSecond, tats, T0, 4);
		Decision peeked = GcraPolicy.peek(this.tenPerSecond, tats, T0);
		assertThat(peeked.allowed()).isTrue();
		assertThat(peeked.quotas().get(0).remaining()).isEqualTo(6);
		assertThat(peeked.tats()).containsExactly(tats);
	}

	@Test
	void nonDividingQuotaRoundsTheIntervalDown() {
		List<Limit> limits = List.of(Limit.parse("3/1s"));
		long[] tats = new long[1];
		assertThat(allowedOf(limits, tats, T0, 5)).isEqualTo(3);
		assertThat(allowedOf(limits, tats, T0 + SECOND, 5)).isEqualTo(3);
	}

}
