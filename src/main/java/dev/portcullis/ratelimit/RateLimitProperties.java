package dev.portcullis.ratelimit;

import java.time.Duration;

import dev.portcullis.config.InvalidPropertyException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Defaults of the {@code RateLimit} route filter and where its state lives.
 *
 * @param store {@code memory} (each gateway limits alone) or {@code redis} (limits shared
 * by all replicas through {@code spring.data.redis.*})
 * @param key the default key of a route's limits: {@code ip}, {@code header:<name>},
 * {@code principal}, {@code route}, or several joined with {@code +}
 * @param headers whether allowed responses carry {@code RateLimit-Policy} and
 * {@code RateLimit} by default
 * @param redisTimeout longest wait for Redis's answer to one rate-limit call before the
 * local limiter decides the request
 * @param replicas how many gateway replicas share the limits; while Redis is unreachable
 * each decides alone with every limit divided by this number
 * @param failureThreshold Redis failures in a row after which Redis is skipped for
 * {@code backoff}
 * @param backoff how long Redis is skipped after {@code failureThreshold} failures,
 * before a request tries it again
 * @param maxKeys most keys held by a memory store (and by the local fallback limiter)
 */
@ConfigurationProperties("portcullis.ratelimit")
public record RateLimitProperties(@DefaultValue("memory") Store store, @DefaultValue("ip") String key,
		@DefaultValue("true") boolean headers, @DefaultValue("25ms") Duration redisTimeout,
		@DefaultValue("1") int replicas, @DefaultValue("3") int failureThreshold, @DefaultValue("5s") Duration backoff,
		@DefaultValue("100000") long maxKeys) {

	public RateLimitProperties {
		if (redisTimeout.isNegative() || redisTimeout.isZero()) {
			throw new InvalidPropertyException("portcullis.ratelimit.redis-timeout", "must be positive");
		}
		if (replicas < 1) {
			throw new InvalidPropertyException("portcullis.ratelimit.replicas", "must be at least 1");
		}
		if (failureThreshold < 1) {
			throw new InvalidPropertyException("portcullis.ratelimit.failure-threshold", "must be at least 1");
		}
		if (backoff.isNegative()) {
			throw new InvalidPropertyException("portcullis.ratelimit.backoff", "must not be negative");
		}
		if (maxKeys < 1) {
			throw new InvalidPropertyException("portcullis.ratelimit.max-keys", "must be at least 1");
		}
		try {
			ClientKeyResolver.parse(key, null);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPropertyException("portcullis.ratelimit.key", ex.getMessage());
		}
	}

	/** Where limits are kept. */
	public enum Store {

		/** In this gateway's memory. */
		MEMORY,

		/** In Redis, shared by every replica. */
		REDIS

	}

}
