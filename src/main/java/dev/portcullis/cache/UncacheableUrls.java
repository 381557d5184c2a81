package dev.portcullis.cache;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The keys whose last upstream response could not be stored, remembered for a while.
 * Varnish calls this "hit-for-miss": a request for such a key is a miss found in memory.
 * It goes upstream at once, without reading the store (with Redis, a round trip that
 * would find nothing fresh) and without being collapsed with concurrent misses (waiting
 * for a response that will not be stored only serializes the requests, and with Redis it
 * costs a lock and an unlock per request). The response is still judged: a storable one
 * is stored and makes the key an ordinary one again at once. Memory only, per gateway,
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

	/**
	 * The upstream's response for this key can be stored: it is an ordinary key again.
	 */
	void remove(String key) {
		this.keys.invalidate(key);
	}

}
