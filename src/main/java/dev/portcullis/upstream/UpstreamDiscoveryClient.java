package dev.portcullis.upstream;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

/**
 * Serves {@link UpstreamGroups} to Spring Cloud LoadBalancer, so that
 * {@code lb://<group>} resolves to the group's instances. It reads memory only, so it
 * never blocks or waits.
 */
class UpstreamDiscoveryClient implements ReactiveDiscoveryClient {

	private final UpstreamGroups groups;

	UpstreamDiscoveryClient(UpstreamGroups groups) {
		this.groups = groups;
	}

	@Override
	public String description() {
		return "Portcullis upstream groups";
	}

	@Override
	public Flux<ServiceInstance> getInstances(String serviceId) {
		return Flux.fromIterable(this.groups.instances(serviceId));
	}

	@Override
	public Flux<String> getServices() {
		return Flux.fromIterable(this.groups.names());
	}

}
