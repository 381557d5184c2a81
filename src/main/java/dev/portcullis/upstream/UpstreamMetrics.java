package dev.portcullis.upstream;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes the state of each instance the balancer tracks as gauges tagged {@code group}
 * and {@code instance} ({@code host:port}), and counts ejections per group. The gauges of
 * an instance go when the instance leaves its group.
 */
final class UpstreamMetrics implements GroupBalancer.InstanceListener {

	private final MeterRegistry registry;

	private final Clock clock;

	private final Map<UpstreamInstance, List<Meter>> meters = new ConcurrentHashMap<>();

	UpstreamMetrics(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	@Override
	public void added(String group, UpstreamInstance instance) {
		this.meters.put(instance, List.of(
				gauge("portcullis.upstream.instance.healthy", group, instance,
						"1 when active health checks pass (or are off), else 0", (i) -> i.isHealthy() ? 1 : 0),
				gauge("portcullis.upstream.instance.ejected", group, instance,
						"1 while the instance is ejected for failing, else 0",
						(i) -> i.isEjected(this.clock.millis()) ? 1 : 0),
				gauge("portcullis.upstream.instance.in.flight", group, instance,
						"requests the gateway is forwarding to the instance now", UpstreamInstance::inFlight),
				gauge("portcullis.upstream.instance.consecutive.failures", group, instance,
						"requests to the instance that failed in a row", UpstreamInstance::consecutiveFailures)));
	}

	private Meter gauge(String name, String group, UpstreamInstance instance, String description,
			java.util.function.ToDoubleFunction<UpstreamInstance> value) {
		return Gauge.builder(name, instance, value)
			.description(description)
			.tag("group", group)
			.tag("instance", instance.id())
			.strongReference(true)
			.register(this.registry);
	}

	@Override
	public void removed(String group, UpstreamInstance instance) {
		List<Meter> gone = this.meters.remove(instance);
		if (gone != null) {
			gone.forEach(this.registry::remove);
		}
	}

	@Override
	public void ejected(String group, UpstreamInstance instance) {
		Counter.builder("portcullis.upstream.ejections")
			.description("instances ejected for failing requests in a row")
			.tag("group", group)
			.register(this.registry)
			.increment();
	}

}
