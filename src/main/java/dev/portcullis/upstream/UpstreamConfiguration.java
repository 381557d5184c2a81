package dev.portcullis.upstream;

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
