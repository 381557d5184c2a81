package dev.portcullis.upstream;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The admin endpoint {@code /actuator/upstreams}: each group with its strategy and
 * settings, and each instance with its health, ejection, requests in flight and failures
 * in a row.
 */
@Endpoint(id = "upstreams")
class UpstreamsEndpoint {

	private final Balancer balancer;

	UpstreamsEndpoint(Balancer balancer) {
		this.balancer = balancer;
	}

	@ReadOperation
	Map<String, Object> upstreams() {
		Map<String, Object> groups = new LinkedHashMap<>();
		this.balancer.all().forEach((group) -> groups.put(group.name(), describe(group)));
		return Map.of("groups", groups);
	}

	private Map<String, Object> describe(GroupBalancer group) {
		UpstreamsProperties.Group settings = group.settings();
		Map<String, Object> described = new LinkedHashMap<>();
		described.put("strategy",
				settings.loadBalancing().strategy().name().toLowerCase(Locale.ROOT).replace('_', '-'));
		HealthCheck health = settings.healthCheck();
		described.put("healthCheck",
				health.isEnabled() ? Map.of("path", health.path(), "interval", health.interval().toString(), "timeout",
						health.timeout().toString(), "healthyThreshold", health.healthyThreshold(),
						"unhealthyThreshold", health.unhealthyThreshold()) : Map.of());
		long now = group.now();
		List<UpstreamInstance> instances = group.instances();
		boolean panic = !instances.isEmpty() && instances.stream().noneMatch((i) -> i.isHealthy() && !i.isEjected(now));
		described.put("panic", panic);
		described.put("instances", instances.stream().map((instance) -> describe(instance, now)).toList());
		return described;
	}

	private Map<String, Object> describe(UpstreamInstance instance, long now) {
		Map<String, Object> described = new LinkedHashMap<>();
		described.put("id", instance.id());
		described.put("uri", instance.uri().toString());
		described.put("weight", instance.weight());
		described.put("healthy", instance.isHealthy());
		boolean ejected = instance.isEjected(now);
		described.put("ejected", ejected);
		described.put("ejectedUntil", ejected ? Instant.ofEpochMilli(instance.ejectedUntilMillis()).toString() : null);
		described.put("ejections", instance.ejections());
		described.put("inFlight", instance.inFlight());
		described.put("consecutiveFailures", instance.consecutiveFailures());
		return described;
	}

}
