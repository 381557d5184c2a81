package dev.portcullis.redis;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Switches the Redis health indicator off unless Redis is named
 * ({@code spring.data.redis.host}, {@code url}, Sentinel or Cluster nodes). Spring Boot
 * would otherwise report an unconfigured {@code localhost:6379} as DOWN and take a
 * gateway that runs alone on its memory stores out of service. The setting is added with
 * the lowest precedence, so an explicit {@code management.health.redis.enabled} still
 * wins.
 */
class RedisPresenceEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "portcullisRedisPresence";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!RedisPresence.isNamed(environment)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
						Map.of("management.health.redis.enabled", "false")));
		}
	}

	@Override
	public int getOrder() {
		// After config data (application.yml, profiles, config server) has been loaded.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
