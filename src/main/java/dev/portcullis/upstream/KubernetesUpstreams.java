package dev.portcullis.upstream;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps the groups declared with {@code kubernetes.service} equal to the ready endpoints
 * of that Service, by watching its EndpointSlices through the Kubernetes API (a fabric8
 * informer: one list, then a watch, on the informer's own threads). An endpoint that is
 * not ready, or terminating, leaves the group at once: it gets no new requests while the
 * ones it is serving finish. Until the first list arrives the group is empty and its
 * routes answer 503.
 */
final class KubernetesUpstreams implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(KubernetesUpstreams.class);

	private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

	private final Map<String, UpstreamsProperties.Kubernetes> services;

	private final @Nullable KubernetesClient client;

	private final UpstreamGroups groups;

	private final List<SharedIndexInformer<EndpointSlice>> informers = new ArrayList<>();

	private volatile boolean running;

	KubernetesUpstreams(Map<String, UpstreamsProperties.Kubernetes> services, @Nullable KubernetesClient client,
			UpstreamGroups groups) {
		this.services = services;
		this.client = client;
		this.groups = groups;
	}

	@Override
	public synchronized void start() {
		KubernetesClient kubernetes = this.client;
		if (kubernetes != null) {
			this.services.forEach((group, service) -> this.informers.add(watch(kubernetes, group, service)));
		}
		this.running = true;
	}

	private SharedIndexInformer<EndpointSlice> watch(KubernetesClient kubernetes, String group,
			UpstreamsProperties.Kubernetes service) {
		String namespace = (service.namespace() != null) ? service.namespace() : kubernetes.getNamespace();
		SharedIndexInformer<EndpointSlice> informer = kubernetes.discovery()
			.v1()
			.endpointSlices()
			.inNamespace(namespace)
			.withLabel(SERVICE_NAME_LABEL, service.service())
			.runnableInformer(0);
		informer.addEventHandler(new ResourceEventHandler<>() {

			@Override
			public void onAdd(EndpointSlice slice) {
				update(group, service, informer);
			}

			@Override
			public void onUpdate(EndpointSlice before, EndpointSlice after) {
				update(group, service, informer);
			}

			@Override
			public void onDelete(EndpointSlice slice, boolean finalStateUnknown) {
				update(group, service, informer);
			}

		});
		// Not awaited: an API server that is slow or away must not hold up start-up.
		informer.start().whenComplete((ignored, ex) -> {
			if (ex != null) {
				logger.error("Cannot watch Service " + namespace + "/" + service.service() + " for upstream group '"
						+ group + "': " + ex.getMessage());
			}
		});
		return informer;
	}

	private void update(String group, UpstreamsProperties.Kubernetes service,
			SharedIndexInformer<EndpointSlice> informer) {
		List<URI> instances = readyInstances(informer.getStore().list(), service.port());
		List<URI> before = this.groups.instances(group).stream().map((instance) -> instance.getUri()).toList();
		if (!instances.equals(before)) {
			this.groups.register(group, instances);
			logger.info("Upstream group '" + group + "' now has " + instances.size() + " ready endpoints of Service "
					+ service.service() + ": " + instances);
		}
	}

	/** The ready endpoints of the slices, on the chosen port, in a stable order. */
	static List<URI> readyInstances(List<EndpointSlice> slices, @Nullable String portNameOrNumber) {
		List<URI> instances = new ArrayList<>();
		for (EndpointSlice slice : slices) {
			EndpointPort port = choosePort(slice.getPorts(), portNameOrNumber);
			if (port == null || port.getPort() == null || slice.getEndpoints() == null) {
				continue;
			}
			String scheme = "https".equalsIgnoreCase(port.getName()) || port.getPort() == 443 ? "https" : "http";
			for (Endpoint endpoint : slice.getEndpoints()) {
				if (isReady(endpoint)) {
					for (String address : endpoint.getAddresses()) {
						String host = address.contains(":") ? "[" + address + "]" : address;
						instances.add(URI.create(scheme + "://" + host + ":" + port.getPort()));
					}
				}
			}
		}
		return instances.stream().distinct().sorted().toList();
	}

	private static boolean isReady(Endpoint endpoint) {
		// The API says a missing ready condition means ready; terminating ones are not.
		if (endpoint.getConditions() == null) {
			return true;
		}
		return !Boolean.FALSE.equals(endpoint.getConditions().getReady())
				&& !Boolean.TRUE.equals(endpoint.getConditions().getTerminating());
	}

	private static @Nullable EndpointPort choosePort(@Nullable List<EndpointPort> ports,
			@Nullable String portNameOrNumber) {
		if (ports == null || ports.isEmpty()) {
			return null;
		}
		if (portNameOrNumber == null || portNameOrNumber.isBlank()) {
			return ports.get(0);
		}
		return ports.stream()
			.filter((port) -> portNameOrNumber.equals(port.getName())
					|| portNameOrNumber.equals(Objects.toString(port.getPort())))
			.findFirst()
			.orElse(null);
	}

	@Override
	public synchronized void stop() {
		this.informers.forEach(SharedIndexInformer::close);
		this.informers.clear();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
