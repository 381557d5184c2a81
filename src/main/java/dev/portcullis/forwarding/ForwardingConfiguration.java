package dev.portcullis.forwarding;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the trusted-proxy rules and the forwarding headers they govern.
 */
@Configuration(proxyBeanMethods = false)
class ForwardingConfiguration {

	@Bean
	TrustedProxies trustedProxies(ForwardingProperties properties) {
		return new TrustedProxies(properties.blocks());
	}

	@Bean
	static GatewayHeaderFilters gatewayHeaderFilters() {
		return new GatewayHeaderFilters();
	}

	@Bean
	ProxyHeadersFilter proxyHeadersFilter(TrustedProxies trustedProxies) {
		return new ProxyHeadersFilter(trustedProxies);
	}

}
