package dev.portcullis.resilience;

import java.util.List;

import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;

/**
 * Spring Cloud Gateway's HTTP client with Portcullis's connection pool. The gateway's
 * default pool is unbounded in waiting requests and keeps idle connections forever, so an
 * upstream that closes an idle keep-alive connection makes the next request on it fail
 * ("Connection prematurely closed"); this pool closes idle connections first
 * ({@link UpstreamPoolProperties}). Everything else (timeouts, TLS, proxy, customizers)
 * stays as the gateway builds it.
 */
class UpstreamPool extends HttpClientFactory {

	private final UpstreamPoolProperties pool;

	UpstreamPool(UpstreamPoolProperties pool, HttpClientProperties properties, ServerProperties serverProperties,
			HttpClientSslConfigurer sslConfigurer, List<HttpClientCustomizer> customizers) {
		super(properties, serverProperties, sslConfigurer, customizers);
		this.pool = pool;
	}

	@Override
	protected ConnectionProvider buildConnectionProvider(HttpClientProperties properties) {
		return ConnectionProvider.builder("portcullis-upstreams")
			.maxConnections(this.pool.maxConnections())
			.pendingAcquireMaxCount(this.pool.pendingAcquireMaxCount())
			.pendingAcquireTimeout(this.pool.pendingAcquireTimeout())
			.maxIdleTime(this.pool.maxIdleTime())
			.maxLifeTime(this.pool.maxLifeTime())
			.evictInBackground(this.pool.evictInBackground())
			.build();
	}

}
