package dev.portcullis.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerResilience4JFilterFactory;
import org.springframework.web.reactive.DispatcherHandler;

/**
 * Spring Cloud Gateway's {@code CircuitBreaker} filter, except that a request refused by
 * an open breaker fails with {@link CircuitOpenException} (503 with {@code Retry-After})
 * instead of a bare 503. It replaces the gateway's own factory of the same name, which
 * {@code application.yml} switches off
 * ({@code spring.cloud.gateway.server.webflux.filter.circuit-breaker.enabled=false}).
 */
class RetryAfterCircuitBreakerFilterFactory extends SpringCloudCircuitBreakerResilience4JFilterFactory {

	private final OpenCircuits openCircuits;

	RetryAfterCircuitBreakerFilterFactory(ReactiveResilience4JCircuitBreakerFactory breakers,
			ObjectProvider<DispatcherHandler> dispatcherHandler, OpenCircuits openCircuits) {
		super(breakers, dispatcherHandler);
		this.openCircuits = openCircuits;
	}

	@Override
	protected Mono<Void> handleErrorWithoutFallback(Throwable failure, boolean resumeWithoutError) {
		if (failure instanceof CallNotPermittedException refused) {
			long retryAfter = this.openCircuits.retryAfterSeconds(refused.getCausingCircuitBreakerName());
			return Mono.error(new CircuitOpenException(retryAfter, refused));
		}
		return super.handleErrorWithoutFallback(failure, resumeWithoutError);
	}

}
