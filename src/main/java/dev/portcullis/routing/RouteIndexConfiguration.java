package dev.portcullis.routing;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.webflux.autoconfigure.WebFluxProperties;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.accept.ApiVersionStrategy;

/**
 * Replaces Spring Cloud Gateway's route lookup (a linear scan over every route's
 * predicates) with {@link IndexedRoutePredicateHandlerMapping}. The gateway declares its
 * own only when no other exists; this bean is created the same way.
 */
@Configuration(proxyBeanMethods = false)
class RouteIndexConfiguration {

	@Bean
	RoutePredicateHandlerMapping routePredicateHandlerMapping(FilteringWebHandler webHandler, RouteLocator routeLocator,
			GlobalCorsProperties globalCorsProperties, Environment environment,
			ObjectProvider<ApiVersionStrategy> apiVersionStrategy, ObjectProvider<WebFluxProperties> webFlux) {
		WebFluxProperties webFluxProperties = webFlux.getIfAvailable();
		IndexedRoutePredicateHandlerMapping mapping = new IndexedRoutePredicateHandlerMapping(webHandler, routeLocator,
				globalCorsProperties, environment,
				(webFluxProperties != null) ? webFluxProperties.getBasePath() : null);
		apiVersionStrategy.ifAvailable(mapping::setApiVersionStrategy);
		return mapping;
	}

}
