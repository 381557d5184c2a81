package dev.portcullis.upstream;

import java.util.List;

/**
 * Decides when a group's instance is ejected for failing, as Envoy's outlier detection
 * does for consecutive errors: after {@code consecutive-failures} in a row, for the base
 * time multiplied by the number of its ejections (capped), unless that would eject more
 * than {@code max-ejection-percent} of the group (always at least one instance when the
 * percentage is above 0).
 */
final class OutlierDetector {

	private final OutlierDetection settings;

	OutlierDetector(OutlierDetection settings) {
		this.settings = settings;
	}

	/** Whether a response with this status counts as a failure of its instance. */
	boolean isFailure(int status) {
		return this.settings.failureStatuses().contains(status);
	}

	void succeeded(UpstreamInstance instance, long nowMillis) {
		instance.recordSuccess(nowMillis, this.settings.maxEjectionTime().toMillis());
	}

	/**
	 * Counts a failure of {@code instance}, one of {@code group}, and ejects it when it
	 * is due and allowed.
	 * @return whether the instance was ejected now
	 */
	synchronized boolean failed(UpstreamInstance instance, List<UpstreamInstance> group, long nowMillis) {
		if (!this.settings.isEnabled() || instance.isEjected(nowMillis)) {
			return false;
		}
		if (instance.recordFailure() < this.settings.consecutiveFailures()) {
			return false;
		}
		long ejected = group.stream().filter((member) -> member.isEjected(nowMillis)).count();
		if (ejected >= maxEjected(group.size())) {
			return false;
		}
		instance.eject(nowMillis, this.settings.baseEjectionTime().toMillis(),
				this.settings.maxEjectionTime().toMillis());
		return true;
	}

	int maxEjected(int groupSize) {
		int percent = this.settings.maxEjectionPercent();
		if (percent == 0) {
			return 0;
		}
		return Math.max(1, groupSize * percent / 100);
	}

}
