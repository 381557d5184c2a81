package dev.portcullis.resilience;

import java.time.Clock;
import java.util.Arrays;

/**
 * A retry budget in the style of Finagle's and Envoy's: over a sliding window, retries
 * may add at most {@code percent} of the requests seen, plus {@code minPerSecond} retries
 * a second so that a quiet route can still retry. When an upstream fails outright, every
 * request wants retries; the budget keeps the extra load at a fixed share instead of
 * multiplying it by the number of attempts.
 * <p>
 * The window is kept in one-second buckets, so it slides in steps of a second. Thread
 * safe; every method holds the lock only for a few array operations.
 */
final class RetryBudget {

	private final Clock clock;

	private final double percent;

	private final int minPerSecond;

	private final int windowSeconds;

	private final long[] requests;

	private final long[] retries;

	private final long[] bucketSecond;

	/**
	 * @param percent retries allowed as a percentage of the requests in the window
	 * @param minPerSecond retries a second always allowed
	 * @param windowSeconds the length of the sliding window
	 */
	RetryBudget(double percent, int minPerSecond, int windowSeconds, Clock clock) {
		if (percent < 0 || minPerSecond < 0 || windowSeconds < 1) {
			throw new IllegalArgumentException("need percent >= 0, minPerSecond >= 0, windowSeconds >= 1");
		}
		this.clock = clock;
		this.percent = percent;
		this.minPerSecond = minPerSecond;
		this.windowSeconds = windowSeconds;
		this.requests = new long[windowSeconds];
		this.retries = new long[windowSeconds];
		this.bucketSecond = new long[windowSeconds];
		Arrays.fill(this.bucketSecond, Long.MIN_VALUE);
	}

	/** Whether this budget was made with these settings. */
	boolean hasSettings(double percent, int minPerSecond, int windowSeconds) {
		return this.percent == percent && this.minPerSecond == minPerSecond && this.windowSeconds == windowSeconds;
	}

	/** Counts one original request (not a retry) into the window. */
	synchronized void recordRequest() {
		this.requests[bucket()]++;
	}

	/**
	 * Takes one retry from the budget when there is one left; a retry taken counts
	 * against the window.
	 */
	synchronized boolean tryRetry() {
		int current = bucket();
		long seenRequests = 0;
		long seenRetries = 0;
		for (int i = 0; i < this.windowSeconds; i++) {
			seenRequests += this.requests[i];
			seenRetries += this.retries[i];
		}
		double allowed = (double) this.minPerSecond * this.windowSeconds + seenRequests * this.percent / 100.0;
		if (seenRetries + 1 > allowed) {
			return false;
		}
		this.retries[current]++;
		return true;
	}

	/** The bucket of the current second, emptied first when it held an older second. */
	private int bucket() {
		long second = Math.floorDiv(this.clock.millis(), 1000L);
		int index = (int) Math.floorMod(second, (long) this.windowSeconds);
		if (this.bucketSecond[index] != second) {
			this.bucketSecond[index] = second;
			this.requests[index] = 0;
			this.retries[index] = 0;
		}
		// Buckets of seconds that fell out of the window without being reused.
		for (int i = 0; i < this.windowSeconds; i++) {
			if (this.bucketSecond[i] != Long.MIN_VALUE && second - this.bucketSecond[i] >= this.windowSeconds) {
				this.bucketSecond[i] = Long.MIN_VALUE;
				this.requests[i] = 0;
				this.retries[i] = 0;
			}
		}
		return index;
	}

}
