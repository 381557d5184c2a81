package dev.portcullis.ratelimit;

import java.time.Clock;
import java.time.Duration;

import dev.portcullis.forwarding.TrustedProxies;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Wires the {@code RateLimit} filter to the store named by
 * {@code portcullis.ratelimit.store}, and its health and admin endpoint.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	/** How long start-up waits for Redis before going on with local limits. */
	private static final Duration CONNECT_AT_STARTUP = Duration.ofSeconds(5);

	@Bean
	RateLimitStore rateLimitStore(RateLimitProperties properties,
			ObjectProvider<ReactiveStringRedisTemplate> redisTemplate, MeterRegistry meters) {
		Clock clock = Clock.systemUTC();
		MemoryRateLimitStore memory = new MemoryRateLimitStore(clock, properties.maxKeys());
		if (properties.store() == RateLimitProperties.Store.MEMORY) {
			return memory;
		}
		DegradingRateLimitStore store = new DegradingRateLimitStore(new RedisRateLimitStore(redisTemplate.getObject()),
				memory, properties, clock, meters);
		store.connect(CONNECT_AT_STARTUP);
		return store;
	}

	@Bean
	RateLimitRoutes rateLimitRoutes() {
		return new RateLimitRoutes();
	}

	@Bean
	RateLimitGatewayFilterFactory rateLimitGatewayFilterFactory(RateLimitStore store, RateLimitProperties properties,
			TrustedProxies trustedProxies, RateLimitRoutes routes, MeterRegistry meters) {
		return new RateLimitGatewayFilterFactory(store, properties, trustedProxies, routes, meters);
	}

	/**
	 * Reports where limits are decided. It stays UP while Redis is down, because requests
	 * are still limited, locally; the {@code redis} component reports Redis itself.
	 */
	@Bean
	HealthIndicator ratelimitHealthIndicator(RateLimitStore store) {
		return () -> (store instanceof DegradingRateLimitStore degrading)
				? Health.up().withDetails(degrading.details()).build()
				: Health.up().withDetail("store", "memory").build();
	}

	@Bean
	RateLimitEndpoint rateLimitEndpoint(RateLimitRoutes routes, RateLimitStore store) {
		return new RateLimitEndpoint(routes, store);
	}

}
