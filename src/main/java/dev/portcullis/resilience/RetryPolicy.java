package dev.portcullis.resilience;

import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a failed attempt may be tried again. An attempt that never reached the
 * upstream (the connection was refused or not made in time) is retried whatever the
 * method, since the upstream cannot have acted on it. An attempt that may have reached it
 * (a response timeout, a broken connection, a retryable status) is retried only for the
 * idempotent methods of RFC 9110 §9.2.2, because repeating a POST or PATCH could apply it
 * twice.
 *
 * @param maxAttempts the most attempts, the first one included (1 turns retries off)
 * @param statuses the upstream statuses that count as a failed attempt
 */
record RetryPolicy(int maxAttempts, Set<Integer> statuses) {

	private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

	RetryPolicy {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1");
		}
		statuses = Set.copyOf(statuses);
	}

	/** How an attempt ended. */
	enum Outcome {

		/** A response arrived (its status decides). */
		RESPONSE,

		/** The connection was refused, or its host did not resolve: nothing was sent. */
		NOT_CONNECTED,

		/** No connection within the connect timeout: nothing was sent. */
		CONNECT_TIMEOUT,

		/** No response within the response timeout; the upstream may have acted. */
		RESPONSE_TIMEOUT,

		/** The connection broke after the request may have been sent. */
		BROKEN,

		/** Anything else: not an upstream failure, never retried. */
		OTHER

	}

	/**
	 * Whether the attempt numbered {@code attempt} (1-based) that ended as
	 * {@code outcome} (with {@code status} for a response) may be followed by another.
	 */
	boolean shouldRetry(String method, Outcome outcome, int status, int attempt) {
		if (attempt >= this.maxAttempts) {
			return false;
		}
		return switch (outcome) {
			case NOT_CONNECTED, CONNECT_TIMEOUT -> true;
			case RESPONSE_TIMEOUT, BROKEN -> isIdempotent(method);
			case RESPONSE -> this.statuses.contains(status) && isIdempotent(method);
			case OTHER -> false;
		};
	}

	/** Whether a response with this status counts as a failed attempt. */
	boolean isRetryableStatus(int status) {
		return this.statuses.contains(status);
	}

	static boolean isIdempotent(String method) {
		return IDEMPOTENT.contains(method.toUpperCase(Locale.ROOT));
	}

}
