package dev.portcullis.security;

import dev.portcullis.admin.ManagementServer;
import dev.portcullis.forwarding.TrustedProxies;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.netty.NettyPipeline;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Wires the request limits into Reactor Netty's HTTP decoder and the checks and header
 * rewriting into the filter chains.
 */
@Configuration(proxyBeanMethods = false)
class HardeningConfiguration {

	@Bean
	RequestHardeningFilter requestHardeningFilter(HardeningProperties properties, ManagementServer managementServer) {
		return new RequestHardeningFilter(properties, managementServer);
	}

	@Bean
	ResponseHeadersFilter responseHeadersFilter(HardeningProperties properties, ManagementServer managementServer) {
		return new ResponseHeadersFilter(properties, managementServer);
	}

	@Bean
	ConcurrencyLimitFilter concurrencyLimitFilter(HardeningProperties properties, TrustedProxies trustedProxies,
			ManagementServer managementServer, ObjectProvider<MeterRegistry> meterRegistry) {
		ConcurrencyLimits limits = new ConcurrencyLimits(properties.maxConcurrentRequests(),
				properties.maxConcurrentRequestsPerClient());
		// The requests in flight, counted anyway for the limits: it stands in for the
		// per-request long-task timer (http_server_requests_active) that application.yml
		// turns off.
		meterRegistry.ifAvailable(
				(registry) -> Gauge.builder("portcullis.requests.in.flight", limits, ConcurrencyLimits::inFlight)
					.description("Requests on the public port being handled now")
					.register(registry));
		return new ConcurrencyLimitFilter(limits, trustedProxies, managementServer);
	}

	@Bean
	BodyLimitFilter bodyLimitFilter(HardeningProperties properties) {
		return new BodyLimitFilter(properties);
	}

	/**
	 * Sets the decoder limits and timeouts. It runs after Spring Boot's own customizer,
	 * whose decoder settings ({@code server.max-http-request-header-size},
	 * {@code server.netty.*}) it replaces: Reactor Netty keeps only the last decoder
	 * spec.
	 */
	@Bean
	DecoderLimits hardeningDecoderLimits(HardeningProperties properties) {
		return new DecoderLimits(properties);
	}

	/**
	 * Sets the decoder limits and timeouts. It runs after Spring Boot's own customizer,
	 * whose decoder settings ({@code server.max-http-request-header-size},
	 * {@code server.netty.*}) it replaces: Reactor Netty keeps only the last decoder
	 * spec.
	 */
	static final class DecoderLimits implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

		private final HardeningProperties properties;

		DecoderLimits(HardeningProperties properties) {
			this.properties = properties;
		}

		@Override
		public void customize(NettyReactiveWebServerFactory factory) {
			HardeningProperties limits = this.properties;
			ConnectionLimit connections = new ConnectionLimit(limits.maxConnections());
			factory
				.addServerCustomizers((server) -> server
					.httpRequestDecoder(
							(spec) -> spec.maxInitialLineLength((int) limits.maxRequestLineLength().toBytes())
								.maxHeaderSize((int) limits.maxHeaderSize().toBytes())
								.validateHeaders(true)
								.allowDuplicateContentLengths(false))
					.doOnChannelInit((observer, channel, remoteAddress) -> {
						boolean http1 = channel.pipeline().get(NettyPipeline.HttpCodec) != null;
						// HTTP/1.1 pipelines only; the guard must sit right after the
						// codec.
						if (http1) {
							channel.pipeline()
								.addAfter(NettyPipeline.HttpCodec, BrokenBodyGuard.NAME, BrokenBodyGuard.INSTANCE)
								.addAfter(BrokenBodyGuard.NAME, RequestDeadline.NAME,
										new RequestDeadline(limits.requestTimeout()));
						}
						if (connections.tryOpen()) {
							channel.closeFuture().addListener((closed) -> connections.closed());
						}
						else if (http1) {
							channel.pipeline()
								.addAfter(NettyPipeline.HttpCodec, ConnectionRefusal.NAME, new ConnectionRefusal());
						}
						else {
							channel.close();
						}
					})
					.idleTimeout(limits.idleTimeout())
					.readTimeout(limits.bodyReadTimeout()));
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
