package dev.portcullis.security;

import dev.portcullis.admin.ManagementServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;

/**
 * One filter chain, for the management port: everything but health, info and prometheus
 * needs the admin user over HTTP Basic. Gateway traffic on the public port never enters
 * Spring Security ({@link ManagementOnlyWebFilterChainProxy}): no session, no CSRF token,
 * no headers added to proxied responses, no anonymous principal, no firewall wrapper
 * around every header read; routes that need a user say so with the {@code Authenticate}
 * filter, and {@link RequestHardeningFilter} checks the request target.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain managementSecurity(ServerHttpSecurity http, ManagementServer managementServer) {
		return http.securityMatcher(managementRequests(managementServer))
			.authorizeExchange((exchanges) -> exchanges.matchers(EndpointRequest.to("health", "info", "prometheus"))
				.permitAll()
				.anyExchange()
				.hasRole("ADMIN"))
			.httpBasic(Customizer.withDefaults())
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.build();
	}

	/**
	 * Requests that arrived on the management port; when management shares the public
	 * port, requests to the Actuator endpoints.
	 */
	private static ServerWebExchangeMatcher managementRequests(ManagementServer managementServer) {
		ServerWebExchangeMatcher endpoints = EndpointRequest.toAnyEndpoint();
		return (exchange) -> {
			if (managementServer.isSeparate()) {
				return managementServer.receives(exchange) ? MatchResult.match() : MatchResult.notMatch();
			}
			return endpoints.matches(exchange);
		};
	}

	/**
	 * Puts Spring Security's filter in front of management requests only, once management
	 * has a port of its own.
	 */
	@Bean
	static BeanPostProcessor managementOnlySecurity(ObjectProvider<ManagementServer> managementServer) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof WebFilterChainProxy proxy && !(bean instanceof ManagementOnlyWebFilterChainProxy)) {
					return new ManagementOnlyWebFilterChainProxy(proxy, managementServer.getObject());
				}
				return bean;
			}
		};
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	MapReactiveUserDetailsService adminUsers(AdminProperties properties, PasswordEncoder encoder) {
		AdminCredentials credentials = AdminCredentials.from(properties);
		return new MapReactiveUserDetailsService(User.withUsername(credentials.username())
			.password(encoder.encode(credentials.password()))
			.roles("ADMIN")
			.build());
	}

}
