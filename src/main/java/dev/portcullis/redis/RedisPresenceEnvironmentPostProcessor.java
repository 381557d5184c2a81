package dev.portcullis.redis;

import java.util.List;
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

	private static final List<String> NAMING_PROPERTIES = List.of("spring.data.redis.host", "spring.data.redis.url",
			"spring.data.redis.sentinel.master", "spring.data.redis.sentinel.nodes", "spring.data.redis.cluster.nodes",
			"spring.data.redis.cluster.nodes[0]", "spring.data.redis.sentinel.nodes[0]");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!isRedisNamed(environment)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
						Map.of("management.health.redis.enabled", "false")));
		}
	}

	static boolean isRedisNamed(ConfigurableEnvironment environment) {
		return NAMING_PROPERTIES.stream().anyMatch((name) -> {
			String value = environment.getProperty(name);
			return value != null && !value.isBlank();
		});
	}

	@Override
	public int getOrder() {
		// After config data (application.yml, profiles, config server) has been loaded.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
