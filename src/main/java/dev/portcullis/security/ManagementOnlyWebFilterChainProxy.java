package dev.portcullis.security;

import java.util.List;

import dev.portcullis.admin.ManagementServer;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Spring Security's filter, skipped for requests on the public port once management
 * listens on a port of its own.
 * <p>
 * The only security chain is the management one, so public requests would match no chain
 * anyway; but before matching, Spring Security wraps every exchange in its firewall,
 * which then checks each header on every read, and decorates the chain for observation.
 * That cost a few percent of the CPU of a proxied request for nothing: the public port's
 * request checks are {@link RequestHardeningFilter}'s. When management shares the public
 * port every request still passes through Spring Security, which then tells the Actuator
 * paths from the rest.
 * <p>
 * A subclass, so that anything looking the proxy up by its type still finds it.
 */
final class ManagementOnlyWebFilterChainProxy extends WebFilterChainProxy implements Ordered {

	static final int ORDER = -100;

	private final WebFilterChainProxy security;

	private final ManagementServer managementServer;

	ManagementOnlyWebFilterChainProxy(WebFilterChainProxy security, ManagementServer managementServer) {
		super(List.of());
		this.security = security;
		this.managementServer = managementServer;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.managementServer.isSeparate() && !this.managementServer.receives(exchange)) {
			return chain.filter(exchange);
		}
		return this.security.filter(exchange, chain);
	}

	/**
	 * Where Spring Security puts its filter (its package-private
	 * {@code WebFluxSecurityConfiguration.WEB_FILTER_CHAIN_FILTER_ORDER}).
	 */
	@Override
	public int getOrder() {
		return ORDER;
	}

}
