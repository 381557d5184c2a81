package dev.portcullis.upstream;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

/**
 * The live set of upstream groups and their instances: seeded from
 * {@link UpstreamsProperties}, and open to groups registered at run time (the demo
 * upstreams, later discovery). Group names are case-insensitive, as host names are.
 */
public final class UpstreamGroups {

	private static final String WEIGHT = "weight";

	private final Map<String, List<ServiceInstance>> groups = new ConcurrentHashMap<>();

	/**
	 * The groups that come from {@code portcullis.upstreams}, as opposed to run-time
	 * ones.
	 */
	private final Set<String> configured = ConcurrentHashMap.newKeySet();

	public UpstreamGroups(UpstreamsProperties properties) {
		replaceConfigured(properties);
	}

	/**
	 * Makes the configured groups those of {@code properties}: groups are added, their
	 * instances replaced, and configured groups that are gone removed. Groups registered
	 * at run time are kept. A removed instance gets no new requests; those it is serving
	 * finish.
	 * @return the names of the groups that are new
	 */
	public synchronized Set<String> replaceConfigured(UpstreamsProperties properties) {
		Set<String> added = new HashSet<>();
		Set<String> gone = new HashSet<>(this.configured);
		properties.upstreams().forEach((name, group) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (!this.groups.containsKey(lower)) {
				added.add(lower);
			}
			if (group.kubernetes() == null) {
				registerWeighted(lower, group.instances());
			}
			else {
				// Discovered instances arrive from KubernetesUpstreams; until then the
				// group is known and empty (503).
				this.groups.putIfAbsent(lower, List.of());
			}
			this.configured.add(lower);
			gone.remove(lower);
		});
		gone.forEach((name) -> {
			this.groups.remove(name);
			this.configured.remove(name);
		});
		return added;
	}

	/** Sets the instances of a group, replacing any it had. */
	public void register(String group, List<URI> uris) {
		String name = group.toLowerCase(Locale.ROOT);
		List<ServiceInstance> instances = uris.stream().map((uri) -> toInstance(name, uri, 1)).toList();
		this.groups.put(name, instances);
	}

	private void registerWeighted(String name, List<UpstreamsProperties.Instance> configured) {
		List<ServiceInstance> instances = configured.stream()
			.map((instance) -> toInstance(name, instance.toUri(), instance.weightOrDefault()))
			.toList();
		this.groups.put(name, instances);
	}

	/** The weight of an instance, 1 unless its group gave it another. */
	static int weight(ServiceInstance instance) {
		String weight = instance.getMetadata().get(WEIGHT);
		return (weight != null) ? Integer.parseInt(weight) : 1;
	}

	/** The instances of a group, empty when there is no such group. */
	public List<ServiceInstance> instances(String group) {
		return this.groups.getOrDefault(group.toLowerCase(Locale.ROOT), List.of());
	}

	public Set<String> names() {
		return Set.copyOf(this.groups.keySet());
	}

	private static ServiceInstance toInstance(String group, URI uri, int weight) {
		boolean secure = "https".equalsIgnoreCase(uri.getScheme());
		int port = (uri.getPort() != -1) ? uri.getPort() : (secure ? 443 : 80);
		String host = uri.getHost();
		return new DefaultServiceInstance(host + ":" + port, group, host, port, secure,
				(weight == 1) ? Map.of() : Map.of(WEIGHT, Integer.toString(weight)));
	}

}
