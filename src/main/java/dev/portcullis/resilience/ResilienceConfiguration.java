package dev.portcullis.resilience;

import java.time.Clock;
import java.util.List;

import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.DispatcherHandler;

/**
 * Wires retries, circuit breakers, the upstream connection pool and the shutdown drain.
 */
@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

	@Bean
	RetriesGatewayFilterFactory retriesGatewayFilterFactory(RetriesProperties properties, MeterRegistry meters) {
		return new RetriesGatewayFilterFactory(properties, meters, Clock.systemUTC());
	}

	/**
	 * Every breaker not configured under {@code resilience4j.circuitbreaker.instances}
	 * takes {@code portcullis.circuit-breaker.*}. The time limiter is switched off in
	 * {@code application.yml} (its 1 s default would cut any longer route timeout, and it
	 * would time the whole response body); the HTTP client's connect and response
	 * timeouts, global or per route, bound each call instead and count as failures.
	 */
	@Bean
	Customizer<ReactiveResilience4JCircuitBreakerFactory> circuitBreakerDefaults(CircuitBreakerProperties properties) {
		return (factory) -> factory
			.configureDefault((id) -> new Resilience4JConfigBuilder(id).circuitBreakerConfig(properties.toConfig())
				.timeLimiterConfig(TimeLimiterConfig.ofDefaults())
				.build());
	}

	@Bean
	OpenCircuits openCircuits(ReactiveResilience4JCircuitBreakerFactory breakers) {
		return new OpenCircuits(breakers.getCircuitBreakerRegistry(), Clock.systemUTC());
	}

	@Bean
	RetryAfterCircuitBreakerFilterFactory retryAfterCircuitBreakerFilterFactory(
			ReactiveResilience4JCircuitBreakerFactory breakers, ObjectProvider<DispatcherHandler> dispatcherHandler,
			OpenCircuits openCircuits) {
		return new RetryAfterCircuitBreakerFilterFactory(breakers, dispatcherHandler, openCircuits);
	}

	@Bean
	CircuitBreakersHealthIndicator circuitBreakers(ReactiveResilience4JCircuitBreakerFactory breakers) {
		return new CircuitBreakersHealthIndicator(breakers.getCircuitBreakerRegistry());
	}

	@Bean
	UpstreamPool upstreamPool(UpstreamPoolProperties pool, HttpClientProperties properties,
			ServerProperties serverProperties, HttpClientSslConfigurer sslConfigurer,
			List<HttpClientCustomizer> customizers) {
		return new UpstreamPool(pool, properties, serverProperties, sslConfigurer, customizers);
	}

	@Bean
	ReadinessDrain readinessDrain(ApplicationContext context, ShutdownProperties properties, Environment environment) {
		boolean onKubernetes = CloudPlatform.getActive(environment) == CloudPlatform.KUBERNETES;
		return new ReadinessDrain(context, properties.readinessDelay(onKubernetes));
	}

}
