package dev.portcullis.resilience;

import java.time.Duration;

import dev.portcullis.config.InvalidPropertyException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The pool of kept-alive connections to upstreams. Reactor Netty keeps one such pool per
 * upstream address, so the limits apply to each instance.
 *
 * @param maxConnections the most connections open to one upstream instance
 * @param pendingAcquireMaxCount the most requests waiting for a connection to one
 * instance when all are busy; more fail at once
 * @param pendingAcquireTimeout the longest a request waits for a free connection
 * @param maxIdleTime how long a connection may sit unused before it is closed; below the
 * upstream's own keep-alive timeout, so the gateway never sends a request on a connection
 * the upstream is closing
 * @param maxLifeTime the longest a connection is reused, however busy, so that new
 * instances behind one address (a Service's virtual IP) receive connections too
 * @param evictInBackground how often idle and expired connections are closed in the
 * background ({@code 0s}: only when a connection is next acquired)
 */
@ConfigurationProperties("portcullis.upstream-pool")
public record UpstreamPoolProperties(@DefaultValue("500") int maxConnections,
		@DefaultValue("1000") int pendingAcquireMaxCount, @DefaultValue("5s") Duration pendingAcquireTimeout,
		@DefaultValue("4s") Duration maxIdleTime, @DefaultValue("10m") Duration maxLifeTime,
		@DefaultValue("10s") Duration evictInBackground) {

	private static final String PREFIX = "portcullis.upstream-pool.";

	public UpstreamPoolProperties {
		if (maxConnections < 1) {
			throw new InvalidPropertyException(PREFIX + "max-connections", "must be at least 1");
		}
		if (pendingAcquireMaxCount < 1) {
			throw new InvalidPropertyException(PREFIX + "pending-acquire-max-count", "must be at least 1");
		}
		requirePositive("pending-acquire-timeout", pendingAcquireTimeout);
		requirePositive("max-idle-time", maxIdleTime);
		requirePositive("max-life-time", maxLifeTime);
		if (evictInBackground.isNegative()) {
			throw new InvalidPropertyException(PREFIX + "evict-in-background", "must not be negative");
		}
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidPropertyException(PREFIX + name, "must be positive");
		}
	}

}
