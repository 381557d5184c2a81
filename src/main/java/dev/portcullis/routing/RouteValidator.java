package dev.portcullis.routing;

import java.util.List;

import dev.portcullis.errors.ExplainedStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.cloud.gateway.handler.predicate.RoutePredicateFactory;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionRouteLocator;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Builds a route from its definition exactly as the gateway will, to refuse a definition
 * whose predicates or filters do not bind before it is stored. Spring Cloud Gateway's
 * endpoint checks only that the names exist; a stored route that fails to build would
 * break every later refresh on every replica.
 */
@SuppressWarnings("rawtypes") // RouteDefinitionRouteLocator takes the factories as raw
								// types
final class RouteValidator {

	private final List<RoutePredicateFactory> predicates;

	private final List<GatewayFilterFactory> filters;

	private final ConfigurationService configurationService;

	RouteValidator(List<RoutePredicateFactory> predicates, List<GatewayFilterFactory> filters,
			ConfigurationService configurationService) {
		this.predicates = predicates;
		this.filters = filters;
		this.configurationService = configurationService;
	}

	/**
	 * The definition when it builds into a route, else a 400
	 * {@link ResponseStatusException} that says why.
	 */
	Mono<RouteDefinition> validate(RouteDefinition definition) {
		// Fresh properties: fail-on-route-definition-error is on, whatever the user set.
		RouteDefinitionRouteLocator locator = new RouteDefinitionRouteLocator(() -> Flux.just(definition),
				this.predicates, this.filters, new GatewayProperties(), this.configurationService);
		return locator.getRoutes()
			.then(Mono.just(definition))
			.onErrorMap((ex) -> !(ex instanceof ResponseStatusException),
					(ex) -> new ExplainedStatusException(HttpStatus.BAD_REQUEST, "Invalid route '" + definition.getId()
							+ "': " + NestedExceptionUtils.getMostSpecificCause(ex).getMessage(), ex));
	}

}
