package dev.portcullis.routing;

import java.nio.file.Path;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Adds the routes of {@code portcullis.routing.routes-file}, when it is set, to those
 * from properties and the run-time store.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(RouteFile.PROPERTY)
class RouteFileConfiguration {

	private static final Log logger = LogFactory.getLog(RouteFileConfiguration.class);

	@Bean
	RouteFile routeFile(RoutingProperties properties, JsonMapper json) {
		Path file = Path.of(Objects.requireNonNull(properties.routesFile()));
		RouteFile routes = RouteFile.read(file, json);
		logger.info("Read " + routes.size() + " routes from " + file);
		return routes;
	}

}
