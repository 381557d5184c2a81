package dev.portcullis.ratelimit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.portcullis.ratelimit.GcraPolicy.Decision;
import dev.portcullis.ratelimit.GcraPolicy.Quota;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.OuterList;
import org.greenbytes.http.sfv.Parameters;
import org.greenbytes.http.sfv.StringItem;

import org.springframework.http.HttpHeaders;

/**
 * Writes the fields of the IETF HTTPAPI draft "RateLimit header fields for HTTP"
 * (draft-ietf-httpapi-ratelimit-headers-11) as RFC 8941 structured-field lists:
 * {@code RateLimit-Policy: "1s";q=100;w=1} names each limit with its quota {@code q} per
 * window {@code w} seconds, and {@code RateLimit: "1s";r=99;t=1} gives what remains
 * {@code r} and the seconds {@code t} until the limit is full again.
 */
final class RateLimitHeaders {

	static final String POLICY = "RateLimit-Policy";

	static final String RATE_LIMIT = "RateLimit";

	private static final long MICROS_PER_SECOND = 1_000_000L;

	private RateLimitHeaders() {
	}

	static String policy(List<Limit> limits) {
		List<ListElement<? extends Object>> items = new ArrayList<>();
		for (Limit limit : limits) {
			items.add(item(limit.name(), "q", limit.quota(), "w", limit.windowSeconds()));
		}
		return OuterList.valueOf(items).serialize();
	}

	static String current(Decision decision) {
		List<ListElement<? extends Object>> items = new ArrayList<>();
		for (Quota quota : decision.quotas()) {
			items.add(item(quota.limit().name(), "r", quota.remaining(), "t", seconds(quota.resetMicros())));
		}
		return OuterList.valueOf(items).serialize();
	}

	/** Whole seconds, rounded up so a client that waits that long is never early. */
	static long seconds(long micros) {
		return (micros + MICROS_PER_SECOND - 1) / MICROS_PER_SECOND;
	}

	/**
	 * {@code Retry-After} in whole seconds, at least 1: a denied request never gets 0.
	 */
	static long retryAfterSeconds(Decision decision) {
		return Math.max(1, seconds(decision.retryAfterMicros()));
	}

	/** Sets both fields on {@code headers}. */
	static void write(HttpHeaders headers, List<Limit> limits, Decision decision) {
		headers.set(POLICY, policy(limits));
		headers.set(RATE_LIMIT, current(decision));
	}

	private static StringItem item(String name, String firstKey, long first, String secondKey, long second) {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put(firstKey, first);
		params.put(secondKey, second);
		return StringItem.valueOf(name).withParams(Parameters.valueOf(params));
	}

}
