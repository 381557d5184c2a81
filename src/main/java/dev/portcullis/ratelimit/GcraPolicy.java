package dev.portcullis.ratelimit;

import java.util.ArrayList;
import java.util.List;

/**
 * The Generic Cell Rate Algorithm over several limits at once, as pure arithmetic on
 * microsecond timestamps. Each limit keeps a theoretical arrival time (TAT); a request is
 * allowed when, for every limit, moving that time one interval ahead keeps it within the
 * burst tolerance of now. A denied request changes no TAT, so it consumes nothing. The
 * Lua script {@code gcra.lua} makes the same comparison inside Redis; this class turns
 * its answer into a {@link Decision}.
 */
final class GcraPolicy {

	private GcraPolicy() {
	}

	/**
	 * Decides a request.
	 * @param limits the limits that must all allow it
	 * @param tats each limit's TAT in microseconds, 0 when the key is unknown
	 * @param now the current time in microseconds
	 */
	static Decision acquire(List<Limit> limits, long[] tats, long now) {
		boolean allowed = true;
		long retryAfter = 0;
		for (int i = 0; i < limits.size(); i++) {
			Limit limit = limits.get(i);
			long ahead = Math.max(tats[i], now) + limit.intervalMicros() - now;
			if (ahead > limit.toleranceMicros()) {
				allowed = false;
				retryAfter = Math.max(retryAfter, ahead - limit.toleranceMicros());
			}
		}
		if (!allowed) {
			return peekDenied(limits, tats, now, retryAfter);
		}
		long[] next = new long[limits.size()];
		List<Quota> quotas = new ArrayList<>(limits.size());
		for (int i = 0; i < limits.size(); i++) {
			Limit limit = limits.get(i);
			next[i] = Math.max(tats[i], now) + limit.intervalMicros();
			quotas.add(quota(limit, next[i], now));
		}
		return new Decision(true, next, quotas, 0, false);
	}

	/** The state of a key's limits without consuming anything. */
	static Decision peek(List<Limit> limits, long[] tats, long now) {
		boolean allowed = true;
		for (int i = 0; i < limits.size(); i++) {
			Limit limit = limits.get(i);
			if (Math.max(tats[i], now) + limit.intervalMicros() - now > limit.toleranceMicros()) {
				allowed = false;
			}
		}
		List<Quota> quotas = new ArrayList<>(limits.size());
		for (int i = 0; i < limits.size(); i++) {
			quotas.add(quota(limits.get(i), tats[i], now));
		}
		return new Decision(allowed, tats.clone(), quotas, 0, false);
	}

	private static Decision peekDenied(List<Limit> limits, long[] tats, long now, long retryAfter) {
		Decision state = peek(limits, tats, now);
		return new Decision(false, state.tats(), state.quotas(), retryAfter, false);
	}

	/** What is left of a limit whose TAT is {@code tat}. */
	private static Quota quota(Limit limit, long tat, long now) {
		long ahead = Math.max(0, tat - now);
		long remaining = Math.max(0, (limit.toleranceMicros() - ahead) / limit.intervalMicros());
		return new Quota(limit, remaining, ahead);
	}

	/**
	 * What is left of one limit.
	 *
	 * @param limit the limit
	 * @param remaining requests that could be made now
	 * @param resetMicros time until the limit is fully replenished, which is also when
	 * its key may expire
	 */
	record Quota(Limit limit, long remaining, long resetMicros) {
	}

	/**
	 * The answer for one request.
	 *
	 * @param allowed whether every limit allowed it
	 * @param tats the TATs to store (unchanged when denied)
	 * @param quotas what is left of each limit afterwards
	 * @param retryAfterMicros when denied, how long until the request would be allowed
	 * @param degraded whether a local limiter decided because Redis could not
	 */
	record Decision(boolean allowed, long[] tats, List<Quota> quotas, long retryAfterMicros, boolean degraded) {

		Decision asDegraded() {
			return new Decision(this.allowed, this.tats, this.quotas, this.retryAfterMicros, true);
		}

		/** The longest time any limit takes to be fully replenished. */
		long idleMicros() {
			return this.quotas.stream().mapToLong(Quota::resetMicros).max().orElse(0);
		}

	}

}
