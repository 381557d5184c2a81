package dev.portcullis.auth;

import java.util.List;

import dev.portcullis.config.InvalidPropertyException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.security.core.Authentication;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@code Authenticate} route filter: {@code - Authenticate=<profile>} lets a request
 * through only with the credentials the profile {@code portcullis.auth.<profile>} asks
 * for. It runs after the route's IP rules and before its rate limit ({@link #ORDER}), so
 * a {@code principal} rate-limit key sees the subject, and passes the subject upstream in
 * the profile's {@code subject-header}.
 */
public class AuthenticateGatewayFilterFactory
		extends AbstractGatewayFilterFactory<AuthenticateGatewayFilterFactory.Config> {

	/**
	 * Just before {@code RateLimit} (one less than its order), after {@code IpRules}.
	 */
	public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 3;

	/**
	 * The exchange attribute holding the authenticated subject's name. A shared cache
	 * treats such a request as one with credentials (RFC 9111 §3.5), whatever header
	 * carried them.
	 */
	public static final String SUBJECT_ATTRIBUTE = "portcullis.auth.subject";

	private final AuthProfiles profiles;

	AuthenticateGatewayFilterFactory(AuthProfiles profiles) {
		super(Config.class);
		this.profiles = profiles;
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("profile");
	}

	@Override
	public GatewayFilter apply(Config config) {
		String routeId = (config.getRouteId() != null) ? config.getRouteId() : "-";
		String property = "spring.cloud.gateway.server.webflux.routes[id=" + routeId
				+ "].filters[Authenticate].profile";
		String name = config.getProfile();
		if (name == null || name.isBlank()) {
			throw new InvalidPropertyException(property, "name the auth profile, as in Authenticate=<profile>");
		}
		Authenticator authenticator = this.profiles.authenticator(name.trim());
		if (authenticator == null) {
			throw new InvalidPropertyException(property, "no auth profile '" + name
					+ "' is declared under portcullis.auth (declared: " + this.profiles.names() + ")");
		}
		String subjectHeader = this.profiles.subjectHeader(name.trim());
		return new OrderedGatewayFilter((exchange, chain) -> authenticator.authenticate(exchange.getRequest())
			.flatMap((authentication) -> pass(exchange, chain, authentication, subjectHeader)), ORDER);
	}

	private static Mono<Void> pass(ServerWebExchange exchange, GatewayFilterChain chain, Authentication authentication,
			@Nullable String subjectHeader) {
		ServerWebExchange authenticated = exchange.mutate().request((request) -> request.headers((headers) -> {
			if (subjectHeader != null) {
				headers.set(subjectHeader, authentication.getName());
			}
		})).principal(Mono.just(authentication)).build();
		authenticated.getAttributes().put(SUBJECT_ATTRIBUTE, authentication.getName());
		return chain.filter(authenticated);
	}

	/** A route's {@code Authenticate} argument: the profile name. */
	public static class Config implements HasRouteId {

		private @Nullable String profile;

		private @Nullable String routeId;

		public @Nullable String getProfile() {
			return this.profile;
		}

		public void setProfile(@Nullable String profile) {
			this.profile = profile;
		}

		@Override
		public void setRouteId(String routeId) {
			this.routeId = routeId;
		}

		@Override
		public @Nullable String getRouteId() {
			return this.routeId;
		}

	}

}
