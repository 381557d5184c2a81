package dev.portcullis.routing;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.portcullis.config.InvalidPropertyException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import reactor.core.publisher.Flux;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;

/**
 * Routes read once, at start-up, from a YAML (or JSON) file named by
 * {@code portcullis.routing.routes-file}: a list of routes in the same shape as
 * {@code spring.cloud.gateway.server.webflux.routes}. Reading them this way costs time in
 * proportion to the number of routes; Spring Boot's property binder, which binds
 * {@code spring.cloud.gateway.server.webflux.routes}, scans every property name once per
 * route and per list in it, so thousands of routes there take minutes to start.
 */
final class RouteFile implements RouteDefinitionLocator {

	static final String PROPERTY = "portcullis.routing.routes-file";

	private final List<RouteDefinition> routes;

	private RouteFile(List<RouteDefinition> routes) {
		this.routes = routes;
	}

	/** Reads and checks the file; a problem stops start-up naming the property. */
	static RouteFile read(Path file, JsonMapper json) {
		Object document;
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			LoaderOptions options = new LoaderOptions();
			options.setCodePointLimit(Integer.MAX_VALUE);
			document = new Yaml(new SafeConstructor(options)).load(reader);
		}
		catch (IOException ex) {
			throw new InvalidPropertyException(PROPERTY, "cannot read " + file + ": " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			throw new InvalidPropertyException(PROPERTY, file + " is not valid YAML: " + ex.getMessage());
		}
		if (!(document instanceof List<?> list)) {
			throw new InvalidPropertyException(PROPERTY, file + " must hold a list of routes");
		}
		List<RouteDefinition> routes;
		try {
			routes = List.of(json.convertValue(list, RouteDefinition[].class));
		}
		catch (JacksonException ex) {
			throw new InvalidPropertyException(PROPERTY,
					file + " holds a route that is not valid: " + ex.getOriginalMessage());
		}
		checkIdsAndUris(file, routes);
		return new RouteFile(routes);
	}

	private static void checkIdsAndUris(Path file, List<RouteDefinition> routes) {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < routes.size(); i++) {
			RouteDefinition route = routes.get(i);
			if (route.getId() == null || route.getId().isBlank()) {
				throw new InvalidPropertyException(PROPERTY, file + ": route " + i + " has no id");
			}
			if (route.getUri() == null) {
				throw new InvalidPropertyException(PROPERTY, file + ": route " + route.getId() + " has no uri");
			}
			if (!ids.add(route.getId())) {
				throw new InvalidPropertyException(PROPERTY, file + ": route id " + route.getId() + " is used twice");
			}
		}
	}

	int size() {
		return this.routes.size();
	}

	@Override
	public Flux<RouteDefinition> getRouteDefinitions() {
		return Flux.fromIterable(this.routes);
	}

}
