package dev.portcullis.observability;

import dev.portcullis.admin.ManagementServer;
import dev.portcullis.errors.ProblemDetailsHandler;
import dev.portcullis.forwarding.TrustedProxies;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires request ids and the access log.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	@Bean
	RequestIdFilter requestIdFilter(ObservabilityProperties properties) {
		return new RequestIdFilter(properties.requestIdHeader());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "portcullis.observability.access-log", matchIfMissing = true)
	AccessLogFilter accessLogFilter(ProblemDetailsHandler problems, ManagementServer managementServer,
			TrustedProxies trustedProxies) {
		return new AccessLogFilter(problems, managementServer, trustedProxies);
	}

}
