package dev.portcullis.ratelimit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.convert.DurationStyle;

/**
 * One limit of a route: {@code quota} requests per {@code period}, with up to
 * {@code burst} requests at once, written {@code [name=]100/1s [burst 200]}.
 *
 * @param name the name the headers and metrics use; the period as written when not given
 * @param quota requests allowed per period
 * @param period the window, in whole seconds
 * @param burst how many requests may arrive at once after an idle time; the quota when
 * not given
 */
record Limit(String name, long quota, Duration period, long burst) {

	private static final Pattern SYNTAX = Pattern
		.compile("(?:([A-Za-z0-9_.-]+)\\s*=\\s*)?(\\d{1,12})\\s*/\\s*(\\S+)(?:\\s+burst\\s+(\\d{1,12}))?");

	private static final long MICROS_PER_SECOND = 1_000_000L;

	Limit {
		if (quota < 1) {
			throw new IllegalArgumentException("the quota must be at least 1");
		}
		if (burst < 1) {
			throw new IllegalArgumentException("the burst must be at least 1");
		}
		if (period.isNegative() || period.isZero() || period.toNanos() % 1_000_000_000L != 0
				|| period.compareTo(Duration.ofDays(366)) > 0) {
			throw new IllegalArgumentException("the period must be whole seconds, from 1s to 366d");
		}
		if (quota > periodMicros(period)) {
			throw new IllegalArgumentException("more than one request per microsecond cannot be limited");
		}
		if (burst > 1_000_000_000L) {
			throw new IllegalArgumentException("the burst must be at most 1000000000");
		}
	}

	/**
	 * Parses {@code [name=]<quota>/<period> [burst <n>]}, such as {@code 100/1s},
	 * {@code 5000/1h} or {@code api=100/1s burst 200}.
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public static Limit parse(String text) {
		Matcher matcher = SYNTAX.matcher(text.trim());
		if (!matcher.matches()) {
			throw new IllegalArgumentException(
					"'" + text + "' is not a limit; write <requests>/<period> [burst <n>], such as 100/1s burst 200");
		}
		Duration period;
		try {
			period = DurationStyle.detectAndParse(matcher.group(3));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("'" + matcher.group(3) + "' is not a period such as 1s, 1m, 1h or 1d",
					ex);
		}
		long quota = Long.parseLong(matcher.group(2));
		long burst = (matcher.group(4) != null) ? Long.parseLong(matcher.group(4)) : quota;
		String name = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(3);
		return new Limit(name, quota, period, burst);
	}

	/**
	 * The time one request uses up (the GCRA emission interval), rounded down to whole
	 * microseconds, so Java and the Redis Lua script compute with exact integers.
	 */
	public long intervalMicros() {
		return periodMicros(this.period) / this.quota;
	}

	/**
	 * How far the theoretical arrival time may run ahead of now (the burst tolerance).
	 */
	public long toleranceMicros() {
		return this.burst * intervalMicros();
	}

	public long windowSeconds() {
		return this.period.getSeconds();
	}

	/**
	 * This limit's share on one of {@code replicas} gateways deciding alone, at least one
	 * request.
	 */
	public Limit dividedBy(int replicas) {
		return new Limit(this.name, Math.max(1, this.quota / replicas), this.period,
				Math.max(1, this.burst / replicas));
	}

	private static long periodMicros(Duration period) {
		return period.getSeconds() * MICROS_PER_SECOND;
	}

}
