package dev.portcullis.resilience;

import java.time.Duration;

import dev.portcullis.config.InvalidPropertyException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Defaults of every route's circuit breaker (the {@code CircuitBreaker} filter). A
 * breaker configured under {@code resilience4j.circuitbreaker.instances.<name>} (the name
 * is the route id unless the filter names another) uses that configuration instead.
 *
 * @param failureRateThreshold the percentage of failed calls in the window that opens the
 * breaker
 * @param slowCallRateThreshold the percentage of slow calls in the window that opens the
 * breaker
 * @param slowCallDuration how long a call may take before it counts as slow
 * @param slidingWindowSize how many of the latest calls the rates are computed over
 * @param minimumCalls the fewest calls in the window before the rates are judged
 * @param waitInOpen how long an open breaker refuses calls before it lets probes through
 * @param halfOpenCalls how many probe calls a half-open breaker lets through to decide
 */
@ConfigurationProperties("portcullis.circuit-breaker")
public record CircuitBreakerProperties(@DefaultValue("50") float failureRateThreshold,
		@DefaultValue("100") float slowCallRateThreshold, @DefaultValue("10s") Duration slowCallDuration,
		@DefaultValue("20") int slidingWindowSize, @DefaultValue("10") int minimumCalls,
		@DefaultValue("10s") Duration waitInOpen, @DefaultValue("3") int halfOpenCalls) {

	private static final String PREFIX = "portcullis.circuit-breaker.";

	public CircuitBreakerProperties {
		if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
			throw new InvalidPropertyException(PREFIX + "failure-rate-threshold", "must be above 0 and at most 100");
		}
		if (slowCallRateThreshold <= 0 || slowCallRateThreshold > 100) {
			throw new InvalidPropertyException(PREFIX + "slow-call-rate-threshold", "must be above 0 and at most 100");
		}
		if (slowCallDuration.isNegative() || slowCallDuration.isZero()) {
			throw new InvalidPropertyException(PREFIX + "slow-call-duration", "must be positive");
		}
		if (slidingWindowSize < 1) {
			throw new InvalidPropertyException(PREFIX + "sliding-window-size", "must be at least 1");
		}
		if (minimumCalls < 1) {
			throw new InvalidPropertyException(PREFIX + "minimum-calls", "must be at least 1");
		}
		if (waitInOpen.toMillis() < 1) {
			throw new InvalidPropertyException(PREFIX + "wait-in-open", "must be at least 1ms");
		}
		if (halfOpenCalls < 1) {
			throw new InvalidPropertyException(PREFIX + "half-open-calls", "must be at least 1");
		}
	}

	/**
	 * The Resilience4j configuration. Open breakers move to half-open on their own after
	 * {@code waitInOpen}, so the state shown in health is current without traffic.
	 */
	CircuitBreakerConfig toConfig() {
		return CircuitBreakerConfig.custom()
			.failureRateThreshold(this.failureRateThreshold)
			.slowCallRateThreshold(this.slowCallRateThreshold)
			.slowCallDurationThreshold(this.slowCallDuration)
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(this.slidingWindowSize)
			.minimumNumberOfCalls(this.minimumCalls)
			.waitDurationInOpenState(this.waitInOpen)
			.permittedNumberOfCallsInHalfOpenState(this.halfOpenCalls)
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.build();
	}

}
