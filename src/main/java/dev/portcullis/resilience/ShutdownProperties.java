package dev.portcullis.resilience;

import java.time.Duration;

import dev.portcullis.config.InvalidPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the gateway stops.
 *
 * @param readinessDelay how long the gateway keeps serving after readiness turns DOWN and
 * before it stops accepting connections, so that load balancers and Kubernetes endpoints
 * stop sending traffic first; then in-flight requests get
 * {@code spring.lifecycle.timeout-per-shutdown-phase} to finish. Unset, it is
 * {@link #KUBERNETES_DELAY} on Kubernetes and zero elsewhere
 */
@ConfigurationProperties("portcullis.shutdown")
public record ShutdownProperties(@Nullable Duration readinessDelay) {

	/**
	 * The delay on Kubernetes: endpoint removal reaches kube-proxy and ingress
	 * controllers within a few seconds.
	 */
	static final Duration KUBERNETES_DELAY = Duration.ofSeconds(5);

	public ShutdownProperties {
		if (readinessDelay != null
				&& (readinessDelay.isNegative() || readinessDelay.compareTo(Duration.ofMinutes(5)) > 0)) {
			throw new InvalidPropertyException("portcullis.shutdown.readiness-delay", "must be between 0s and 5m");
		}
	}

	/** The delay to use, given whether the gateway runs on Kubernetes. */
	Duration readinessDelay(boolean onKubernetes) {
		if (this.readinessDelay != null) {
			return this.readinessDelay;
		}
		return onKubernetes ? KUBERNETES_DELAY : Duration.ZERO;
	}

}
