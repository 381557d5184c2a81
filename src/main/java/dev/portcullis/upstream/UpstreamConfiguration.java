package dev.portcullis.upstream;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.portcullis.config.InvalidPropertyException;
import io.fabric8.kubernetes.client.KubernetesClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires the upstream groups into Spring Cloud LoadBalancer.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

	@Bean
	UpstreamGroups upstreamGroups(UpstreamsProperties properties) {
		return new UpstreamGroups(properties);
	}

	@Bean
	UpstreamDiscoveryClient upstreamDiscoveryClient(UpstreamGroups groups) {
		return new UpstreamDiscoveryClient(groups);
	}

	@Bean
	UnknownGroupFilter unknownGroupFilter(UpstreamGroups groups) {
		return new UnknownGroupFilter(groups);
	}

	/**
	 * Groups declared with {@code kubernetes.service} follow that Service's ready
	 * endpoints. The API client comes from Spring Cloud Kubernetes, which creates it when
	 * the gateway runs in a cluster ({@code spring.cloud.kubernetes.client.*} to reach
	 * one from outside).
	 */
	@Bean
	KubernetesUpstreams kubernetesUpstreams(UpstreamsProperties properties, ObjectProvider<KubernetesClient> client,
			UpstreamGroups groups) {
		Map<String, UpstreamsProperties.Kubernetes> services = new LinkedHashMap<>();
		properties.upstreams().forEach((name, group) -> {
			if (group.kubernetes() != null) {
				services.put(name, group.kubernetes());
			}
		});
		KubernetesClient kubernetes = client.getIfAvailable();
		if (!services.isEmpty() && kubernetes == null) {
			throw new InvalidPropertyException(
					"portcullis.upstreams." + services.keySet().iterator().next() + ".kubernetes.service",
					"Kubernetes discovery needs the gateway to run in a cluster (or spring.main.cloud-platform="
							+ "kubernetes with spring.cloud.kubernetes.client.master-url)");
		}
		return new KubernetesUpstreams(services, kubernetes, groups);
	}

	@Bean
	UpstreamRefreshListener upstreamRefreshListener(Environment environment, UpstreamGroups groups,
			LoadBalancerClientFactory factory) {
		return new UpstreamRefreshListener(environment, groups, factory);
	}

	/**
	 * LoadBalancer builds one child context per group on first use; building it at
	 * start-up keeps that work off the first request's event-loop thread.
	 */
	@Bean
	ApplicationRunner loadBalancerWarmUp(UpstreamGroups groups, LoadBalancerClientFactory factory) {
		return (args) -> groups.names().forEach(factory::getInstance);
	}

}
