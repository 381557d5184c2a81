package dev.portcullis.routing;

import java.util.List;

import dev.portcullis.redis.RedisPresence;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.cloud.gateway.handler.predicate.RoutePredicateFactory;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Keeps run-time routes in Redis, shared by every replica, when
 * {@code portcullis.routing.store} is {@code redis}, or {@code auto} with a Redis named.
 * Otherwise Spring Cloud Gateway's in-memory repository keeps them for this replica only.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(RoutingConfiguration.RedisRouteStoreCondition.class)
class RoutingConfiguration {

	@Bean
	@SuppressWarnings("rawtypes") // as Spring Cloud Gateway declares the factories
	RouteValidator routeValidator(List<RoutePredicateFactory> predicates, List<GatewayFilterFactory> filters,
			ConfigurationService configurationService) {
		return new RouteValidator(predicates, filters, configurationService);
	}

	@Bean
	RedisRouteRepository redisRouteRepository(ReactiveStringRedisTemplate redis, JsonMapper json,
			RouteValidator validator, RoutingProperties properties) {
		return new RedisRouteRepository(redis, json, validator, properties);
	}

	@Bean
	RouteRefreshBroadcast routeRefreshBroadcast(ReactiveStringRedisTemplate redis,
			ReactiveRedisConnectionFactory connectionFactory, ApplicationEventPublisher publisher,
			RoutingProperties properties) {
		return new RouteRefreshBroadcast(redis, connectionFactory, publisher, properties);
	}

	static class RedisRouteStoreCondition implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			RoutingProperties.Store store = Binder.get(context.getEnvironment())
				.bind("portcullis.routing.store", RoutingProperties.Store.class)
				.orElse(RoutingProperties.Store.AUTO);
			return switch (store) {
				case REDIS -> true;
				case MEMORY -> false;
				case AUTO -> RedisPresence.isNamed(context.getEnvironment());
			};
		}

	}

}
