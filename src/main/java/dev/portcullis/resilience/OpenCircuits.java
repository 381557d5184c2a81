package dev.portcullis.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * Remembers when each circuit breaker last opened, so a refused request can be told in
 * {@code Retry-After} how long the breaker stays open. Resilience4j keeps that moment to
 * itself; its state transition events carry it.
 */
final class OpenCircuits {

	private final CircuitBreakerRegistry registry;

	private final Clock clock;

	private final Map<String, Opened> opened = new ConcurrentHashMap<>();

	OpenCircuits(CircuitBreakerRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
		registry.getAllCircuitBreakers().forEach(this::watch);
		registry.getEventPublisher().onEntryAdded((event) -> watch(event.getAddedEntry()));
		registry.getEventPublisher().onEntryReplaced((event) -> watch(event.getNewEntry()));
	}

	private void watch(CircuitBreaker breaker) {
		breaker.getEventPublisher().onStateTransition((event) -> {
			State to = event.getStateTransition().getToState();
			String name = event.getCircuitBreakerName();
			if (to == State.OPEN) {
				// Resilience4j counts openings in a row (from half-open) for a growing
				// wait.
				int attempt = (event.getStateTransition().getFromState() == State.HALF_OPEN)
						? this.opened.getOrDefault(name, new Opened(Instant.EPOCH, 0)).attempt() + 1 : 1;
				this.opened.put(name, new Opened(this.clock.instant(), attempt));
			}
			else if (to == State.CLOSED || to == State.DISABLED || to == State.METRICS_ONLY) {
				this.opened.remove(name);
			}
		});
	}

	/**
	 * Whole seconds until the named breaker lets probes through, at least 1; 1 when the
	 * breaker or its opening is unknown.
	 */
	long retryAfterSeconds(String name) {
		Opened opening = this.opened.get(name);
		CircuitBreaker breaker = this.registry.find(name).orElse(null);
		if (opening == null || breaker == null) {
			return 1;
		}
		Duration wait = Duration
			.ofMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(opening.attempt()));
		return retryAfterSeconds(opening.at(), wait, this.clock.instant());
	}

	/**
	 * The {@code Retry-After} for a breaker opened at {@code openedAt} that waits
	 * {@code wait}: the time left, rounded up to whole seconds, at least 1 (a client told
	 * 0 would retry at once, into a still open breaker).
	 */
	static long retryAfterSeconds(Instant openedAt, Duration wait, Instant now) {
		Duration left = Duration.between(now, openedAt.plus(wait));
		long millis = Math.max(left.toMillis(), 0);
		return Math.max(1, (millis + 999) / 1000);
	}

	private record Opened(Instant at, int attempt) {

	}

}
