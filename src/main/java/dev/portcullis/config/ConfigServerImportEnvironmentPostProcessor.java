package dev.portcullis.config;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Imports configuration from a Spring Cloud Config server when, and only when, one is
 * named: {@code SPRING_CLOUD_CONFIG_URI} in the environment, or
 * {@code spring.cloud.config.uri} as a system property or command-line argument. Without
 * one the gateway starts on its own configuration and makes no request to a config
 * server. The import is {@code optional:} so that an unreachable server does not keep the
 * gateway down; {@code spring.cloud.config.fail-fast=true} makes it required. A
 * {@code spring.config.import} that already names a config server is left alone.
 */
class ConfigServerImportEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String IMPORT_SOURCE_NAME = "portcullisConfigServerImport";

	static final String DEFAULTS_SOURCE_NAME = "portcullisConfigClientDefaults";

	private static final String IMPORT = "spring.config.import";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String uri = environment.getProperty("spring.cloud.config.uri");
		String imports = environment.getProperty(IMPORT, "");
		if (!StringUtils.hasText(uri) || imports.contains("configserver:")) {
			return;
		}
		boolean required = environment.getProperty("spring.cloud.config.fail-fast", Boolean.class, false);
		String location = (required ? "" : "optional:") + "configserver:";
		String merged = imports.isBlank() ? location : imports + "," + location;
		environment.getPropertySources().addFirst(new MapPropertySource(IMPORT_SOURCE_NAME, Map.of(IMPORT, merged)));
		// The client's own defaults wait minutes for a server that accepts but never
		// answers.
		environment.getPropertySources()
			.addLast(new MapPropertySource(DEFAULTS_SOURCE_NAME, Map.of("spring.cloud.config.request-connect-timeout",
					"2000", "spring.cloud.config.request-read-timeout", "10000")));
	}

	@Override
	public int getOrder() {
		// Before ConfigDataEnvironmentPostProcessor (HIGHEST_PRECEDENCE + 10) reads the
		// imports.
		return Ordered.HIGHEST_PRECEDENCE + 5;
	}

}
