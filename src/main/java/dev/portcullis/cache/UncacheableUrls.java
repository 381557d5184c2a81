package dev.portcullis.cache;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The keys whose last upstream response could not be stored, remembered for a while so
 * that misses for them are not collapsed: waiting for a response that will not be stored
 * only serializes the requests, and with Redis it costs a lock and an unlock per request.
 * Varnish calls this "hit-for-miss". It only switches collapsing off: the store is still
 * consulted, so a response stored later (by this gateway or another) is served, and a
 * storable response makes the key collapsible again at once. Memory only, per gateway,
 * bounded in count.
 */
final class UncacheableUrls {

	/** The most keys remembered; beyond it the least recently used are forgotten. */
	static final int MAX_KEYS = 10_000;

	private final Cache<String, Boolean> keys;

	/**
	 * @param ttl how long a key is remembered after its last uncacheable response; zero
	 * remembers none
	 * @param ticker the time source, in nanoseconds
	 */
	UncacheableUrls(Duration ttl, Ticker ticker) {
		// A zero time to live expires every key as it is written.
		this.keys = Caffeine.newBuilder()
			.maximumSize(MAX_KEYS)
			.expireAfterWrite(ttl)
			.executor(Runnable::run)
			.ticker(ticker)
			.build();
	}

	/**
	 * Whether the last response for this key, within the time to live, was not storable.
	 */
	boolean contains(String key) {
		return this.keys.getIfPresent(key) != null;
	}

	/** The upstream's response for this key cannot be stored. */
	void add(String key) {
		this.keys.put(key, Boolean.TRUE);
	}

	/** The upstream's response for this key can be stored: collapse its misses again. */
	void remove(String key) {
		this.keys.invalidate(key);
	}

}
