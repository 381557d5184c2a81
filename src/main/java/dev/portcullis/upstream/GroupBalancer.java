package dev.portcullis.upstream;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.portcullis.upstream.LoadBalancingStrategy.Affinity;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Chooses an instance of one group for each request, and keeps what is known of each
 * instance. Only instances that are healthy and not ejected are eligible; when none is
 * (every instance failing, or the checks themselves broken) every instance is, as in
 * Envoy's panic mode: some requests may then succeed, where refusing all would fail them
 * all. Among the eligible ones, those the exchange has not tried yet are preferred.
 */
final class GroupBalancer {

	private final String name;

	private final UpstreamsProperties.Group settings;

	private final LoadBalancingStrategy strategy;

	private final OutlierDetector outliers;

	private final Clock clock;

	private final Supplier<List<ServiceInstance>> source;

	private final InstanceListener listener;

	private volatile Snapshot snapshot = new Snapshot(List.of(), List.of());

	GroupBalancer(String name, UpstreamsProperties.Group settings, Clock clock, Supplier<List<ServiceInstance>> source,
			InstanceListener listener) {
		this.name = name;
		this.settings = settings;
		this.strategy = LoadBalancingStrategy.of(settings.loadBalancing().strategy());
		this.outliers = new OutlierDetector(settings.outlierDetection());
		this.clock = clock;
		this.source = source;
		this.listener = listener;
	}

	String name() {
		return this.name;
	}

	UpstreamsProperties.Group settings() {
		return this.settings;
	}

	/** The group's instances now, in the order the group lists them. */
	List<UpstreamInstance> instances() {
		List<ServiceInstance> current = this.source.get();
		Snapshot known = this.snapshot;
		return (known.source() == current) ? known.instances() : refresh(current);
	}

	/**
	 * An instance for a request that has already tried {@code tried}; {@code null} when
	 * the group has no instances at all.
	 */
	@Nullable UpstreamInstance choose(Set<String> tried, Affinity affinity) {
		List<UpstreamInstance> all = instances();
		if (all.isEmpty()) {
			return null;
		}
		long now = this.clock.millis();
		List<UpstreamInstance> eligible = new ArrayList<>(all.size());
		for (UpstreamInstance instance : all) {
			if (instance.isHealthy() && !instance.isEjected(now)) {
				eligible.add(instance);
			}
		}
		if (eligible.isEmpty()) {
			eligible.addAll(all);
		}
		if (!tried.isEmpty() && eligible.size() > 1) {
			List<UpstreamInstance> untried = eligible.stream().filter((i) -> !tried.contains(i.id())).toList();
			if (!untried.isEmpty()) {
				eligible = untried;
			}
		}
		return this.strategy.choose(eligible, affinity);
	}

	/** Counts a request that got a response with this status from the instance. */
	void answered(UpstreamInstance instance, int status) {
		if (this.outliers.isFailure(status)) {
			failed(instance);
		}
		else {
			this.outliers.succeeded(instance, this.clock.millis());
		}
	}

	/** Counts a request that failed at the instance (refused, reset, timed out). */
	void failed(UpstreamInstance instance) {
		if (this.outliers.failed(instance, instances(), this.clock.millis())) {
			this.listener.ejected(this.name, instance);
		}
	}

	long now() {
		return this.clock.millis();
	}

	/** Keeps the state of instances that remain; forgets those that are gone. */
	private synchronized List<UpstreamInstance> refresh(List<ServiceInstance> current) {
		Snapshot known = this.snapshot;
		if (known.source() == current) {
			return known.instances();
		}
		Map<String, UpstreamInstance> before = new HashMap<>();
		known.instances().forEach((instance) -> before.put(instance.id(), instance));
		List<UpstreamInstance> instances = new ArrayList<>();
		for (ServiceInstance service : current) {
			UpstreamInstance fresh = new UpstreamInstance(service.getHost(), service.getPort(), service.isSecure(),
					UpstreamGroups.weight(service));
			UpstreamInstance kept = before.get(fresh.id());
			if (kept != null && kept.weight() == fresh.weight() && kept.isSecure() == fresh.isSecure()) {
				before.remove(fresh.id());
				instances.add(kept);
			}
			else {
				instances.add(fresh);
				this.listener.added(this.name, fresh);
			}
		}
		before.values().forEach((gone) -> this.listener.removed(this.name, gone));
		this.snapshot = new Snapshot(current, List.copyOf(instances));
		return this.snapshot.instances();
	}

	/** Forgets every instance, as when the group is removed or reconfigured. */
	synchronized void close() {
		this.snapshot.instances().forEach((gone) -> this.listener.removed(this.name, gone));
		this.snapshot = new Snapshot(List.of(), List.of());
	}

	private record Snapshot(List<ServiceInstance> source, List<UpstreamInstance> instances) {
	}

	/** Hears of instances as the balancer starts and stops tracking them. */
	interface InstanceListener {

		InstanceListener NONE = new InstanceListener() {
		};

		default void added(String group, UpstreamInstance instance) {
		}

		default void removed(String group, UpstreamInstance instance) {
		}

		default void ejected(String group, UpstreamInstance instance) {
		}

	}

}
