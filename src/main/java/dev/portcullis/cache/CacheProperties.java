package dev.portcullis.cache;

import java.time.Duration;

import dev.portcullis.config.InvalidPropertyException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The response cache's switch and defaults; a route's {@code ResponseCache} arguments
 * override the per-route ones.
 *
 * @param enabled whether {@code ResponseCache} filters cache at all; when false they pass
 * every request through untouched
 * @param store where responses are stored: {@code memory} (this gateway only) or
 * {@code redis} (shared by every gateway naming the same Redis through
 * {@code spring.data.redis.*})
 * @param maxObjectSize the largest response body that is stored; larger ones stream
 * through unbuffered
 * @param maxSize the most bytes the memory store holds (bodies plus headers)
 * @param redisTimeout the longest any one Redis call on the request path may take before
 * the request goes upstream uncached
 * @param staleIfError how long past freshness a stored response may stand in for an
 * upstream error when neither the response nor the request says (0 = only when they do)
 * @param storeSetCookie whether responses carrying {@code Set-Cookie} may be stored (and
 * replayed with it to other clients)
 * @param heuristicFraction the fraction of the time since {@code Last-Modified} that a
 * response without explicit freshness is considered fresh for
 * @param heuristicMax the longest heuristic freshness
 * @param validatorRetention how long past freshness a response with {@code ETag} or
 * {@code Last-Modified} is kept so it can be revalidated rather than fetched again
 * @param collapse whether concurrent misses for one key send one request upstream
 * @param collapseWait the longest a collapsed request waits for the first one's response
 * before it goes upstream itself
 * @param backgroundTimeout the longest a background revalidation
 * ({@code stale-while-revalidate}) may take
 * @param uncacheableTtl how long this gateway remembers that a URL's response could not
 * be stored, and sends its requests upstream without reading the store or collapsing them
 * (Varnish's "hit-for-miss"); 0 forgets at once
 */
@ConfigurationProperties("portcullis.cache")
public record CacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("memory") Store store,
		@DefaultValue("1MB") DataSize maxObjectSize, @DefaultValue("64MB") DataSize maxSize,
		@DefaultValue("50ms") Duration redisTimeout, @DefaultValue("0s") Duration staleIfError,
		@DefaultValue("false") boolean storeSetCookie, @DefaultValue("0.1") double heuristicFraction,
		@DefaultValue("24h") Duration heuristicMax, @DefaultValue("10m") Duration validatorRetention,
		@DefaultValue("true") boolean collapse, @DefaultValue("3s") Duration collapseWait,
		@DefaultValue("30s") Duration backgroundTimeout, @DefaultValue("120s") Duration uncacheableTtl) {

	public CacheProperties {
		requirePositive("portcullis.cache.max-object-size", maxObjectSize.toBytes());
		requirePositive("portcullis.cache.max-size", maxSize.toBytes());
		requirePositive("portcullis.cache.redis-timeout", redisTimeout.toMillis());
		requirePositive("portcullis.cache.collapse-wait", collapseWait.toMillis());
		requirePositive("portcullis.cache.background-timeout", backgroundTimeout.toMillis());
		requireNotNegative("portcullis.cache.stale-if-error", staleIfError);
		requireNotNegative("portcullis.cache.heuristic-max", heuristicMax);
		requireNotNegative("portcullis.cache.validator-retention", validatorRetention);
		requireNotNegative("portcullis.cache.uncacheable-ttl", uncacheableTtl);
		if (!(heuristicFraction >= 0 && heuristicFraction <= 1)) {
			throw new InvalidPropertyException("portcullis.cache.heuristic-fraction",
					"must be between 0 and 1, was " + heuristicFraction);
		}
		if (maxObjectSize.toBytes() > Integer.MAX_VALUE - 8) {
			throw new InvalidPropertyException("portcullis.cache.max-object-size", "must be less than 2GB");
		}
	}

	private static void requirePositive(String property, long value) {
		if (value <= 0) {
			throw new InvalidPropertyException(property, "must be greater than zero");
		}
	}

	private static void requireNotNegative(String property, Duration value) {
		if (value.isNegative()) {
			throw new InvalidPropertyException(property, "must not be negative");
		}
	}

	/** Where responses are stored. */
	public enum Store {

		/** This gateway's heap (Caffeine), bounded by {@code max-size}. */
		MEMORY,
		/** Redis from {@code spring.data.redis.*}, shared by every replica. */
		REDIS

	}

}
