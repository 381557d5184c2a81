package dev.portcullis.cache;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Wires the response cache: its policy, its store (memory or Redis, by
 * {@code portcullis.cache.store}), its metrics and the {@code ResponseCache} filter.
 */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

	private static final org.apache.commons.logging.Log logger = org.apache.commons.logging.LogFactory
		.getLog(CacheConfiguration.class);

	@Bean
	CacheMetrics cacheMetrics(ObjectProvider<MeterRegistry> registry) {
		return new CacheMetrics(registry.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
	}

	@Bean
	CachePolicy cachePolicy(CacheProperties properties) {
		return new CachePolicy(Clock.systemUTC(), new CachePolicy.Settings(properties.heuristicFraction(),
				properties.heuristicMax(), properties.storeSetCookie(), properties.validatorRetention()));
	}

	@Bean
	ResponseStore responseStore(CacheProperties properties, CacheMetrics metrics,
			ObjectProvider<ReactiveRedisConnectionFactory> redis) {
		if (properties.store() == CacheProperties.Store.REDIS) {
			ReactiveRedisConnectionFactory connections = redis.getObject();
			connectNow(connections);
			return new RedisResponseStore(bytesTemplate(connections), new ReactiveStringRedisTemplate(connections),
					properties.redisTimeout(), Clock.systemUTC());
		}
		return new MemoryResponseStore(properties.maxSize().toBytes(), Clock.systemUTC(), metrics::evicted);
	}

	@Bean
	ResponseCacheGatewayFilterFactory responseCacheGatewayFilterFactory(CacheProperties properties, CachePolicy policy,
			ResponseStore store, CacheMetrics metrics) {
		return new ResponseCacheGatewayFilterFactory(properties, policy, store, metrics);
	}

	@Bean
	CachePurgeEndpoint cachePurgeEndpoint(ResponseStore store, CacheMetrics metrics) {
		return new CachePurgeEndpoint(store, metrics);
	}

	/**
	 * Opens Lettuce's shared connection at start-up: opened lazily it would be opened by
	 * the first request, blocking an event-loop thread. A Redis that is down now only
	 * costs misses until it is back.
	 */
	private static void connectNow(ReactiveRedisConnectionFactory connections) {
		try {
			connections.getReactiveConnection().close();
		}
		catch (RuntimeException ex) {
			logger.warn("Redis for the response cache is not reachable at start-up; requests go upstream uncached"
					+ " until it is: " + ex);
		}
	}

	/** Keys as UTF-8 strings, values (stored responses) as raw bytes. */
	static ReactiveRedisTemplate<String, byte[]> bytesTemplate(ReactiveRedisConnectionFactory connections) {
		RedisSerializationContext<String, byte[]> context = RedisSerializationContext
			.<String, byte[]>newSerializationContext(RedisSerializer.string())
			.value(RedisSerializer.byteArray())
			.hashKey(RedisSerializer.string())
			.hashValue(RedisSerializer.byteArray())
			.build();
		return new ReactiveRedisTemplate<>(connections, context);
	}

}
