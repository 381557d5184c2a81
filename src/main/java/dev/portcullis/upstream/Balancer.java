package dev.portcullis.upstream;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The balancers of all upstream groups, made on first use with the group's settings from
 * {@code portcullis.upstreams.<group>}; groups registered at run time get the defaults.
 */
final class Balancer {

	private final UpstreamGroups groups;

	private final Clock clock;

	private final GroupBalancer.InstanceListener listener;

	private final Map<String, GroupBalancer> balancers = new ConcurrentHashMap<>();

	private volatile UpstreamsProperties properties;

	Balancer(UpstreamGroups groups, UpstreamsProperties properties, Clock clock,
			GroupBalancer.InstanceListener listener) {
		this.groups = groups;
		this.properties = properties;
		this.clock = clock;
		this.listener = listener;
	}

	/**
	 * The balancer of a group that has instances; {@code null} for a group that is
	 * unknown or empty.
	 */
	@Nullable GroupBalancer group(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (this.groups.instances(lower).isEmpty()) {
			return null;
		}
		return this.balancers.computeIfAbsent(lower, this::create);
	}

	/** The balancers of every known group, made now where missing. */
	List<GroupBalancer> all() {
		return this.groups.names()
			.stream()
			.sorted()
			.map((name) -> this.balancers.computeIfAbsent(name, this::create))
			.toList();
	}

	/**
	 * Takes new settings after a refresh: a group whose balancing, health or ejection
	 * settings changed starts afresh, and balancers of groups that are gone are dropped.
	 */
	synchronized void reconfigure(UpstreamsProperties properties) {
		UpstreamsProperties before = this.properties;
		this.properties = properties;
		Set<String> names = this.groups.names();
		this.balancers.entrySet().removeIf((entry) -> {
			String name = entry.getKey();
			boolean drop = !names.contains(name)
					|| !sameSettings(before.upstreams().get(name), properties.upstreams().get(name));
			if (drop) {
				entry.getValue().close();
			}
			return drop;
		});
	}

	private static boolean sameSettings(UpstreamsProperties.@Nullable Group a, UpstreamsProperties.@Nullable Group b) {
		if (a == null || b == null) {
			return a == b;
		}
		return a.loadBalancing().equals(b.loadBalancing()) && a.healthCheck().equals(b.healthCheck())
				&& a.outlierDetection().equals(b.outlierDetection());
	}

	private GroupBalancer create(String name) {
		UpstreamsProperties.Group settings = this.properties.upstreams().get(name);
		return new GroupBalancer(name, (settings != null) ? settings : UpstreamsProperties.Group.defaults(), this.clock,
				() -> this.groups.instances(name), this.listener);
	}

}
