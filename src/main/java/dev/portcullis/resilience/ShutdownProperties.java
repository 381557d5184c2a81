package dev.portcullis.resilience;

import java.time.Duration;

import dev.portcullis.config.InvalidPropertyException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway stops.
 *
 * @param readinessDelay how long the gateway keeps serving after readiness turns DOWN and
 * before it stops accepting connections, so that load balancers and Kubernetes endpoints
 * stop sending traffic first; then in-flight requests get
 * {@code spring.lifecycle.timeout-per-shutdown-phase} to finish
 */
@ConfigurationProperties("portcullis.shutdown")
public record ShutdownProperties(@DefaultValue("5s") Duration readinessDelay) {

	public ShutdownProperties {
		if (readinessDelay.isNegative() || readinessDelay.compareTo(Duration.ofMinutes(5)) > 0) {
			throw new InvalidPropertyException("portcullis.shutdown.readiness-delay", "must be between 0s and 5m");
		}
	}

}
