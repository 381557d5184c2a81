package dev.portcullis.upstream;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.portcullis.config.InvalidPropertyException;
import dev.portcullis.forwarding.TrustedProxies;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires the upstream groups, their balancers and health checks into the gateway.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

	@Bean
	UpstreamGroups upstreamGroups(UpstreamsProperties properties) {
		return new UpstreamGroups(properties);
	}

	@Bean
	Balancer upstreamBalancer(UpstreamGroups groups, UpstreamsProperties properties,
			ObjectProvider<MeterRegistry> registry) {
		Clock clock = Clock.systemUTC();
		MeterRegistry meters = registry.getIfAvailable();
		return new Balancer(groups, properties, clock,
				(meters != null) ? new UpstreamMetrics(meters, clock) : GroupBalancer.InstanceListener.NONE);
	}

	@Bean
	ClientRegionRoutePredicateFactory clientRegionRoutePredicateFactory(RegionsProperties properties,
			TrustedProxies trustedProxies) {
		return new ClientRegionRoutePredicateFactory(properties, trustedProxies);
	}

	@Bean
	UpstreamsEndpoint upstreamsEndpoint(Balancer balancer) {
		return new UpstreamsEndpoint(balancer);
	}

	@Bean
	BalancingFilter balancingFilter(Balancer balancer) {
		return new BalancingFilter(balancer);
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

	/**
	 * Checks run on a client of their own, with no pool: each check opens a new
	 * connection, so a listener that stopped accepting fails its check.
	 */
	@Bean
	HealthChecker upstreamHealthChecker(Balancer balancer) {
		return new HealthChecker(balancer, HttpClient.newConnection());
	}

	@Bean
	UpstreamRefreshListener upstreamRefreshListener(Environment environment, UpstreamGroups groups, Balancer balancer,
			HealthChecker healthChecker) {
		return new UpstreamRefreshListener(environment, groups, balancer, healthChecker);
	}

}
