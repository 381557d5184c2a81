package dev.portcullis.upstream;

import java.time.Duration;

import dev.portcullis.config.InvalidPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Active health checks of a group's instances
 * ({@code portcullis.upstreams.<group>.health-check}): a {@code GET} of {@code path} on
 * each instance every {@code interval}. A 2xx or 3xx answer within {@code timeout} is a
 * pass; anything else (another status, a refused connection, no answer in time) a fail.
 * Defaults follow nginx and Envoy.
 *
 * @param path the path to check, such as {@code /health}; no checks when unset
 * @param interval time between two checks of an instance
 * @param timeout longest a check may take, from connecting to the end of the response
 * headers
 * @param healthyThreshold passes in a row that make an unhealthy instance healthy
 * @param unhealthyThreshold fails in a row that make a healthy instance unhealthy
 */
public record HealthCheck(@Nullable String path, Duration interval, Duration timeout, int healthyThreshold,
		int unhealthyThreshold) {

	static final HealthCheck OFF = new HealthCheck(null, null, null, null, null);

	@ConstructorBinding
	public HealthCheck(@Nullable String path, @Nullable Duration interval, @Nullable Duration timeout,
			@Nullable Integer healthyThreshold, @Nullable Integer unhealthyThreshold) {
		this(path, (interval != null) ? interval : Duration.ofSeconds(5),
				(timeout != null) ? timeout : Duration.ofSeconds(1), (healthyThreshold != null) ? healthyThreshold : 2,
				(unhealthyThreshold != null) ? unhealthyThreshold : 3);
	}

	/** Whether checks run at all. */
	boolean isEnabled() {
		return this.path != null && !this.path.isBlank();
	}

	void check(String prefix) {
		if (this.path != null && !this.path.isBlank() && !this.path.startsWith("/")) {
			throw new InvalidPropertyException(prefix + ".path", "'" + this.path + "' must start with /");
		}
		if (this.interval.isNegative() || this.interval.isZero()) {
			throw new InvalidPropertyException(prefix + ".interval", "must be positive");
		}
		if (this.timeout.isNegative() || this.timeout.isZero()) {
			throw new InvalidPropertyException(prefix + ".timeout", "must be positive");
		}
		if (this.timeout.compareTo(this.interval) > 0) {
			throw new InvalidPropertyException(prefix + ".timeout",
					"must not be longer than the interval (" + this.interval + "), or checks would overlap");
		}
		if (this.healthyThreshold < 1) {
			throw new InvalidPropertyException(prefix + ".healthy-threshold", "must be at least 1");
		}
		if (this.unhealthyThreshold < 1) {
			throw new InvalidPropertyException(prefix + ".unhealthy-threshold", "must be at least 1");
		}
	}

}
