package dev.portcullis.resilience;

import java.util.Map;
import java.util.TreeMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code circuitBreakers} health component: each route breaker's state and rates. It
 * is always UP: an open breaker means an upstream is failing and the gateway is handling
 * it, and a gateway reported unhealthy or unready for that would be restarted or taken
 * out of service, turning one upstream's outage into a gateway outage. (Resilience4j's
 * own indicator is built for Spring Boot 3 and does not register on Boot 4.)
 */
class CircuitBreakersHealthIndicator implements HealthIndicator {

	private final CircuitBreakerRegistry registry;

	CircuitBreakersHealthIndicator(CircuitBreakerRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Health health() {
		Map<String, Object> breakers = new TreeMap<>();
		this.registry.getAllCircuitBreakers().forEach((breaker) -> breakers.put(breaker.getName(), details(breaker)));
		return Health.up().withDetails(breakers).build();
	}

	private static Map<String, Object> details(CircuitBreaker breaker) {
		CircuitBreaker.Metrics metrics = breaker.getMetrics();
		Map<String, Object> details = new TreeMap<>();
		details.put("state", breaker.getState().name());
		details.put("failureRate", metrics.getFailureRate() + "%");
		details.put("slowCallRate", metrics.getSlowCallRate() + "%");
		details.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
		details.put("failedCalls", metrics.getNumberOfFailedCalls());
		details.put("slowCalls", metrics.getNumberOfSlowCalls());
		details.put("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
		return details;
	}

}
