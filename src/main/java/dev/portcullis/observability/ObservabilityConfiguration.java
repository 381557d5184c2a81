package dev.portcullis.observability;

import dev.portcullis.admin.ManagementServer;
import dev.portcullis.errors.ProblemDetailsHandler;
import dev.portcullis.forwarding.TrustedProxies;

import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires request ids, the access log and trace propagation to upstreams.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	@Bean
	RequestIdFilter requestIdFilter(ObservabilityProperties properties) {
		return new RequestIdFilter(properties.requestIdHeader());
	}

	@Bean
	RequestIdHeadersFilter requestIdHeadersFilter(ObservabilityProperties properties) {
		return new RequestIdHeadersFilter(properties.requestIdHeader());
	}

	/**
	 * Propagates the trace to upstreams while Spring Cloud Gateway's own client
	 * observation, which would do it too, is off (as application.yml sets it).
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "spring.cloud.gateway.server.webflux.observability.enabled",
			havingValue = false)
	TraceContextHeadersFilter traceContextHeadersFilter(ObjectProvider<Propagator> propagator) {
		// No propagator when tracing is off: the filter then leaves the headers alone.
		return new TraceContextHeadersFilter(propagator.getIfAvailable());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "portcullis.observability.access-log", matchIfMissing = true)
	AccessLogFilter accessLogFilter(ProblemDetailsHandler problems, ManagementServer managementServer,
			TrustedProxies trustedProxies) {
		return new AccessLogFilter(problems, managementServer, trustedProxies);
	}

}
