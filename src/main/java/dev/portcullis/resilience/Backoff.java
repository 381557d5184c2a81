package dev.portcullis.resilience;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1-based) the gateway
 * waits a random time between zero and {@code min(max, first * 2^(n-1))}. Full jitter
 * spreads the retries of many clients that failed at the same moment, so they do not hit
 * a recovering upstream in waves.
 *
 * @param first the ceiling of the first wait
 * @param max the largest ceiling
 */
record Backoff(Duration first, Duration max) {

	Backoff {
		if (first.isNegative() || max.compareTo(first) < 0) {
			throw new IllegalArgumentException("need 0 <= first <= max");
		}
	}

	/** The ceiling of the wait before retry {@code retry} (1-based). */
	Duration ceiling(int retry) {
		if (retry < 1) {
			throw new IllegalArgumentException("retry is 1-based");
		}
		long firstNanos = this.first.toNanos();
		long maxNanos = this.max.toNanos();
		// Doubling 62 times overflows a long; the ceiling stops at max long before that.
		int doublings = Math.min(retry - 1, 62);
		long ceiling = (firstNanos > (maxNanos >> doublings)) ? maxNanos : firstNanos << doublings;
		return Duration.ofNanos(Math.min(ceiling, maxNanos));
	}

	/**
	 * The wait before retry {@code retry}; {@code random} gives values in {@code [0, 1)}.
	 */
	Duration delay(int retry, DoubleSupplier random) {
		double fraction = random.getAsDouble();
		if (fraction < 0 || fraction >= 1) {
			throw new IllegalArgumentException("random must be in [0, 1)");
		}
		return Duration.ofNanos((long) (ceiling(retry).toNanos() * fraction));
	}

}
