package dev.portcullis.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The configuration properties the application declares: the
 * {@code META-INF/spring-configuration-metadata.json} of Portcullis (generated from its
 * {@code @ConfigurationProperties} records) and of every jar on the classpath (Spring
 * Boot, Spring Cloud Gateway, ...). Used to prove that the keys and environment variables
 * the deployment files set are ones the gateway reads, not typos it would silently
 * ignore.
 */
final class ConfigurationMetadata {

	private final Set<String> names;

	private ConfigurationMetadata(Set<String> names) {
		this.names = names;
	}

	static ConfigurationMetadata load() {
		JsonMapper mapper = JsonMapper.builder().build();
		Set<String> names = new TreeSet<>();
		try {
			for (URL url : Collections.list(ConfigurationMetadata.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream in = url.openStream()) {
					for (JsonNode property : mapper.readTree(in).path("properties")) {
						names.add(property.path("name").asString());
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new ConfigurationMetadata(names);
	}

	/**
	 * Whether a property in canonical form ({@code spring.data.redis.host}) is declared,
	 * itself or below a declared map or list property
	 * ({@code portcullis.upstreams.echo}).
	 */
	boolean isDeclared(String property) {
		return this.names.stream().anyMatch((name) -> property.equals(name) || property.startsWith(name + "."));
	}

	/**
	 * The declared property an environment variable binds to, asked of Spring Boot's own
	 * mapping of environment variables to property names.
	 */
	Optional<String> propertyOf(String environmentVariable) {
		ConfigurationPropertySource source = ConfigurationPropertySource
			.from(new SystemEnvironmentPropertySource("env", Map.of(environmentVariable, "value")));
		return this.names.stream().filter((name) -> {
			ConfigurationPropertyName property = ConfigurationPropertyName.ofIfValid(name);
			return property != null && (source.getConfigurationProperty(property) != null
					|| source.containsDescendantOf(property) == ConfigurationPropertyState.PRESENT);
		}).findFirst();
	}

	/**
	 * The keys of a nested YAML map as dotted properties, down to scalars and lists
	 * ({@code {spring: {data: {redis: {host: x}}}}} gives
	 * {@code spring.data.redis.host}).
	 */
	static List<String> flatten(Map<String, Object> yaml) {
		Set<String> keys = new TreeSet<>();
		flatten("", yaml, keys);
		return List.copyOf(keys);
	}

	private static void flatten(String prefix, Map<String, Object> yaml, Set<String> keys) {
		yaml.forEach((key, value) -> {
			String path = prefix + key;
			if (value instanceof Map<?, ?> && !((Map<?, ?>) value).isEmpty()) {
				flatten(path + ".", Manifests.asMap(value), keys);
			}
			else {
				keys.add(path);
			}
		});
	}

}
