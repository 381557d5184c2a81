package dev.portcullis.security;

import dev.portcullis.admin.ManagementServer;
import dev.portcullis.forwarding.TrustedProxies;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the global IP rules into the public port's filter chain and offers the
 * {@code IpRules} route filter.
 */
@Configuration(proxyBeanMethods = false)
class IpRulesConfiguration {

	@Bean
	IpRulesFilter ipRulesFilter(IpRulesProperties properties, TrustedProxies trustedProxies,
			ManagementServer managementServer) {
		return new IpRulesFilter(properties.rules(), trustedProxies, managementServer);
	}

	@Bean
	IpRulesGatewayFilterFactory ipRulesGatewayFilterFactory(TrustedProxies trustedProxies) {
		return new IpRulesGatewayFilterFactory(trustedProxies);
	}

}
