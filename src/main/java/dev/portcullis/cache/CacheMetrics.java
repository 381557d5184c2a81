package dev.portcullis.cache;

import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The cache's counters, tagged by route: {@code portcullis.cache.requests} by
 * {@code result} (hit, miss, stale, bypass), {@code portcullis.cache.stores},
 * {@code portcullis.cache.evictions} by {@code cause}, {@code portcullis.cache.collapsed}
 * and {@code portcullis.cache.store.errors} by {@code operation} (a store call that
 * failed or timed out, so the request went upstream uncached).
 */
final class CacheMetrics {

	private final MeterRegistry registry;

	CacheMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void hit(String route) {
		request(route, "hit");
	}

	void miss(String route) {
		request(route, "miss");
	}

	void stale(String route) {
		request(route, "stale");
	}

	void bypass(String route) {
		request(route, "bypass");
	}

	private void request(String route, String result) {
		Counter.builder("portcullis.cache.requests")
			.description("Requests through ResponseCache by what the cache did")
			.tag("route", route)
			.tag("result", result)
			.register(this.registry)
			.increment();
	}

	void stored(String route) {
		Counter.builder("portcullis.cache.stores")
			.description("Responses stored")
			.tag("route", route)
			.register(this.registry)
			.increment();
	}

	void evicted(String route, RemovalCause cause) {
		evicted(route, cause.name().toLowerCase(java.util.Locale.ROOT), 1);
	}

	void evicted(String route, String cause, long count) {
		Counter.builder("portcullis.cache.evictions")
			.description("Stored responses removed before use: size, expired, purge or invalidation")
			.tag("route", route)
			.tag("cause", cause)
			.register(this.registry)
			.increment(count);
	}

	void collapsed(String route) {
		Counter.builder("portcullis.cache.collapsed")
			.description("Requests that waited for a concurrent identical request instead of going upstream")
			.tag("route", route)
			.register(this.registry)
			.increment();
	}

	void storeError(String route, String operation) {
		Counter.builder("portcullis.cache.store.errors")
			.description("Store calls that failed or timed out; the request went upstream uncached")
			.tag("route", route)
			.tag("operation", operation)
			.register(this.registry)
			.increment();
	}

}
