package dev.portcullis.tls;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The parts of TLS that are beans rather than settings: the HSTS header, the plain
 * redirect listener and the warning about unverified upstreams. The certificate itself is
 * wired by {@link TlsEnvironmentPostProcessor}.
 */
@Configuration(proxyBeanMethods = false)
class TlsConfiguration {

	private static final Log logger = LogFactory.getLog(TlsConfiguration.class);

	@Bean
	@ConditionalOnBooleanProperty("portcullis.tls.enabled")
	StrictTransportSecurityFilter strictTransportSecurityFilter(TlsProperties properties) {
		return new StrictTransportSecurityFilter(properties.hsts());
	}

	@Bean
	@ConditionalOnProperty("portcullis.tls.redirect-port")
	HttpsRedirectServer httpsRedirectServer(TlsProperties properties, ServerProperties server,
			ReactorResourceFactory resources) {
		Integer port = properties.redirectPort();
		return new HttpsRedirectServer(server.getAddress(), (port != null) ? port : 0, properties.redirectTargetPort(),
				resources);
	}

	@Bean
	@ConditionalOnBooleanProperty("portcullis.upstream-tls.insecure-trust-all")
	SmartInitializingSingleton insecureUpstreamTrustWarning() {
		return () -> logger.warn("portcullis.upstream-tls.insecure-trust-all is true: the gateway accepts ANY "
				+ "certificate from https upstreams, so anyone on the network path can impersonate them and read "
				+ "or change the traffic. Use this for tests only; set portcullis.upstream-tls.trust instead.");
	}

}
