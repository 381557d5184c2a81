package dev.portcullis.routing;

import java.time.Duration;

import dev.portcullis.config.InvalidPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where routes created at run time through {@code /actuator/gateway/routes} are kept.
 *
 * @param store {@code auto} (Redis when {@code spring.data.redis.*} names one, else
 * memory), {@code memory} (this replica only, lost on restart) or {@code redis} (shared
 * by every replica, kept across restarts)
 * @param redisKey the Redis hash that holds the routes, one field per route id
 * @param redisChannel the Redis pub/sub channel on which a route refresh reaches every
 * replica
 * @param redisTimeout longest a Redis call of the route store may take; route reads then
 * fall back to the routes last read
 * @param resyncInterval how often each replica checks the route version in Redis, so a
 * refresh whose pub/sub message it missed (Redis restarted, connection lost) still
 * reaches it within this time
 * @param routesFile a YAML or JSON file of routes (a list in the shape of
 * {@code spring.cloud.gateway.server.webflux.routes}), read once at start-up, in addition
 * to the routes in properties; meant for thousands of routes, which start in seconds this
 * way but in minutes as properties (unset: none)
 */
@ConfigurationProperties("portcullis.routing")
public record RoutingProperties(@DefaultValue("auto") Store store, @DefaultValue("portcullis:routes") String redisKey,
		@DefaultValue("portcullis:routes:refresh") String redisChannel, @DefaultValue("2s") Duration redisTimeout,
		@DefaultValue("10s") Duration resyncInterval, @Nullable String routesFile) {

	public RoutingProperties {
		if (redisKey.isBlank()) {
			throw new InvalidPropertyException("portcullis.routing.redis-key", "must not be blank");
		}
		if (redisChannel.isBlank()) {
			throw new InvalidPropertyException("portcullis.routing.redis-channel", "must not be blank");
		}
		if (redisTimeout.isNegative() || redisTimeout.isZero()) {
			throw new InvalidPropertyException("portcullis.routing.redis-timeout", "must be positive");
		}
		if (resyncInterval.toMillis() < 100) {
			throw new InvalidPropertyException("portcullis.routing.resync-interval", "must be at least 100ms");
		}
		if (routesFile != null && routesFile.isBlank()) {
			throw new InvalidPropertyException("portcullis.routing.routes-file", "must not be blank when set");
		}
	}

	/** Where run-time routes are kept. */
	public enum Store {

		AUTO, MEMORY, REDIS

	}

}
