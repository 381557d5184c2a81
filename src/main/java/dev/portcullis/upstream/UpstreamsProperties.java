package dev.portcullis.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.portcullis.config.InvalidPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * The upstream groups that routes with a {@code lb://<group>} URI are balanced across.
 *
 * @param upstreams the groups by name, from {@code portcullis.upstreams.<group>}
 */
@ConfigurationProperties("portcullis")
public record UpstreamsProperties(Map<String, Group> upstreams) {

	/**
	 * A group name is the host part of {@code lb://<group>}, so it must be a valid host
	 * name label sequence.
	 */
	private static final Pattern GROUP_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

	public UpstreamsProperties(@Nullable Map<String, Group> upstreams) {
		Map<String, Group> checked = new LinkedHashMap<>();
		if (upstreams != null) {
			upstreams.forEach((name, group) -> checked.put(checkName(name), check(name, group)));
		}
		this.upstreams = Map.copyOf(checked);
	}

	private static String checkName(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (!GROUP_NAME.matcher(lower).matches()) {
			throw new InvalidPropertyException("portcullis.upstreams." + name,
					"a group name may hold only letters, digits and '-' (it is the host of lb://<group>)");
		}
		return lower;
	}

	private static Group check(String name, @Nullable Group group) {
		String property = "portcullis.upstreams." + name + ".instances";
		boolean fromKubernetes = group != null && group.kubernetes() != null;
		if (group == null || (group.instances().isEmpty() && !fromKubernetes)) {
			throw new InvalidPropertyException(property,
					"a group needs at least one instance (or a kubernetes.service to discover them)");
		}
		if (fromKubernetes && !group.instances().isEmpty()) {
			throw new InvalidPropertyException(property,
					"a group takes its instances either from this list or from kubernetes.service, not both");
		}
		if (fromKubernetes) {
			String problem = group.kubernetes().problem();
			if (problem != null) {
				throw new InvalidPropertyException("portcullis.upstreams." + name + ".kubernetes.service", problem);
			}
		}
		List<Instance> instances = group.instances();
		for (int i = 0; i < instances.size(); i++) {
			Instance instance = instances.get(i);
			String problem = (instance != null) ? instance.problem() : "an instance needs a uri";
			if (problem != null) {
				throw new InvalidPropertyException(property + "[" + i + "]", problem);
			}
		}
		String prefix = "portcullis.upstreams." + name;
		group.loadBalancing().check(prefix + ".load-balancing");
		group.healthCheck().check(prefix + ".health-check");
		group.outlierDetection().check(prefix + ".outlier-detection");
		return group;
	}

	/**
	 * One upstream group.
	 *
	 * @param instances the instances requests are balanced across; each is a URI or an
	 * object with {@code uri} and {@code weight}
	 * @param kubernetes instead of a list, the ready endpoints of a Kubernetes Service
	 * @param loadBalancing how an instance is chosen for each request; round-robin unless
	 * set
	 * @param healthCheck active health checks of each instance; off unless a path is set
	 * @param outlierDetection passive ejection of instances whose requests fail in a row
	 */
	public record Group(List<Instance> instances, @Nullable Kubernetes kubernetes, LoadBalancing loadBalancing,
			HealthCheck healthCheck, OutlierDetection outlierDetection) {

		@ConstructorBinding
		public Group(@Nullable List<Instance> instances, @Nullable Kubernetes kubernetes,
				@Nullable LoadBalancing loadBalancing, @Nullable HealthCheck healthCheck,
				@Nullable OutlierDetection outlierDetection) {
			this.instances = (instances != null) ? instances : List.of();
			this.kubernetes = kubernetes;
			this.loadBalancing = (loadBalancing != null) ? loadBalancing : LoadBalancing.DEFAULT;
			this.healthCheck = (healthCheck != null) ? healthCheck : HealthCheck.OFF;
			this.outlierDetection = (outlierDetection != null) ? outlierDetection : OutlierDetection.DEFAULT;
		}

		/** A group with the default balancing, health and ejection settings. */
		public Group(@Nullable List<Instance> instances, @Nullable Kubernetes kubernetes) {
			this(instances, kubernetes, null, null, null);
		}

		/** A group for instances registered at run time, with every default. */
		static Group defaults() {
			return new Group(List.of(), null);
		}

	}

	/**
	 * A Kubernetes Service whose ready endpoints are a group's instances, followed as
	 * they change.
	 *
	 * @param service the Service name
	 * @param namespace its namespace; the gateway's own namespace when unset
	 * @param port the Service port to use, by name or number; the first port when unset
	 */
	public record Kubernetes(@Nullable String service, @Nullable String namespace, @Nullable String port) {

		@Nullable String problem() {
			if (this.service == null || this.service.isBlank()) {
				return "a kubernetes group needs the name of a Service";
			}
			if (!GROUP_NAME.matcher(this.service).matches()) {
				return "'" + this.service + "' is not a valid Kubernetes Service name";
			}
			return null;
		}

	}

	/**
	 * One instance of a group. Written as a bare URI (the short form) or as an object
	 * with {@code uri}.
	 *
	 * @param uri the instance's base URI, such as {@code http://orders-1:8080}
	 * @param weight the instance's share of requests under the {@code weighted} strategy,
	 * relative to the others (1 to 1000); 1 when unset
	 */
	public record Instance(@Nullable String uri, @Nullable Integer weight) {

		/** Lets the short form {@code instances: [http://a:8080]} bind. */
		public static Instance valueOf(String uri) {
			return new Instance(uri, null);
		}

		/** The weight, 1 when unset. */
		public int weightOrDefault() {
			return (this.weight != null) ? this.weight : 1;
		}

		/**
		 * The instance's URI; only valid once {@link #problem()} has returned
		 * {@code null}.
		 */
		public URI toUri() {
			return URI.create(this.uri.trim());
		}

		@Nullable String problem() {
			if (this.uri == null || this.uri.isBlank()) {
				return "an instance needs a uri";
			}
			if (this.weight != null && (this.weight < 1 || this.weight > 1000)) {
				return "weight " + this.weight + " is outside 1..1000";
			}
			URI parsed;
			try {
				parsed = new URI(this.uri.trim());
			}
			catch (URISyntaxException ex) {
				return "'" + this.uri + "' is not a valid URI (" + ex.getReason() + ")";
			}
			String scheme = parsed.getScheme();
			if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
				return "'" + this.uri + "' is not an absolute http(s) URI";
			}
			if (parsed.getHost() == null) {
				return "'" + this.uri + "' has no host";
			}
			if (parsed.getPort() == 0 || parsed.getPort() > 65535) {
				return "'" + this.uri + "' has a port outside 1..65535";
			}
			if ((parsed.getRawPath() != null && !parsed.getRawPath().isEmpty() && !parsed.getRawPath().equals("/"))
					|| parsed.getRawQuery() != null || parsed.getRawFragment() != null
					|| parsed.getUserInfo() != null) {
				return "'" + this.uri + "' must be scheme://host[:port] only; the route decides the path";
			}
			return null;
		}

	}

}
