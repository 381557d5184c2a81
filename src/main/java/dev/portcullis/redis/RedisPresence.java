package dev.portcullis.redis;

import java.util.List;

import org.springframework.core.env.Environment;

/**
 * Whether the configuration names a Redis ({@code spring.data.redis.host}, {@code url},
 * Sentinel or Cluster nodes). Features with a {@code store: auto} setting share their
 * state through Redis exactly when one is named.
 */
public final class RedisPresence {

	private static final List<String> NAMING_PROPERTIES = List.of("spring.data.redis.host", "spring.data.redis.url",
			"spring.data.redis.sentinel.master", "spring.data.redis.sentinel.nodes", "spring.data.redis.cluster.nodes",
			"spring.data.redis.cluster.nodes[0]", "spring.data.redis.sentinel.nodes[0]");

	private RedisPresence() {
	}

	public static boolean isNamed(Environment environment) {
		return NAMING_PROPERTIES.stream().anyMatch((name) -> {
			String value = environment.getProperty(name);
			return value != null && !value.isBlank();
		});
	}

}
