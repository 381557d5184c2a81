package dev.portcullis.upstream;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.portcullis.config.InvalidPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Passive outlier ejection ({@code portcullis.upstreams.<group>.outlier-detection}): an
 * instance whose requests fail {@code consecutive-failures} times in a row gets no
 * traffic for {@code base-ejection-time} times the number of times it has been ejected,
 * at most {@code max-ejection-time}. A failure is a refused or reset connection, a
 * timeout, or a status listed in {@code failure-statuses}.
 *
 * @param consecutiveFailures failures in a row that eject an instance; 0 turns ejection
 * off
 * @param baseEjectionTime how long the first ejection lasts
 * @param maxEjectionTime the longest an ejection lasts, however often repeated
 * @param maxEjectionPercent the most of a group that may be ejected at once (0 to 100; at
 * least one instance when above 0)
 * @param failureStatuses upstream response statuses that count as failures, such as
 * {@code 502,503}; none unless set
 */
public record OutlierDetection(int consecutiveFailures, Duration baseEjectionTime, Duration maxEjectionTime,
		int maxEjectionPercent, Set<Integer> failureStatuses) {

	static final OutlierDetection DEFAULT = new OutlierDetection(null, null, null, null, null);

	@ConstructorBinding
	public OutlierDetection(@Nullable Integer consecutiveFailures, @Nullable Duration baseEjectionTime,
			@Nullable Duration maxEjectionTime, @Nullable Integer maxEjectionPercent,
			@Nullable List<Integer> failureStatuses) {
		this((consecutiveFailures != null) ? consecutiveFailures : 5,
				(baseEjectionTime != null) ? baseEjectionTime : Duration.ofSeconds(30),
				(maxEjectionTime != null) ? maxEjectionTime : Duration.ofSeconds(300),
				(maxEjectionPercent != null) ? maxEjectionPercent : 50,
				(failureStatuses != null) ? Set.copyOf(failureStatuses) : Set.of());
	}

	boolean isEnabled() {
		return this.consecutiveFailures > 0;
	}

	void check(String prefix) {
		if (this.consecutiveFailures < 0) {
			throw new InvalidPropertyException(prefix + ".consecutive-failures", "must be 0 (off) or more");
		}
		if (this.baseEjectionTime.isNegative() || this.baseEjectionTime.isZero()) {
			throw new InvalidPropertyException(prefix + ".base-ejection-time", "must be positive");
		}
		if (this.maxEjectionTime.compareTo(this.baseEjectionTime) < 0) {
			throw new InvalidPropertyException(prefix + ".max-ejection-time",
					"must not be shorter than base-ejection-time (" + this.baseEjectionTime + ")");
		}
		if (this.maxEjectionPercent < 0 || this.maxEjectionPercent > 100) {
			throw new InvalidPropertyException(prefix + ".max-ejection-percent", "must be within 0..100");
		}
		for (int status : this.failureStatuses) {
			if (status < 400 || status > 599) {
				throw new InvalidPropertyException(prefix + ".failure-statuses",
						status + " is not a 4xx or 5xx status");
			}
		}
	}

}
