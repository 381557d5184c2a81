package dev.portcullis.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import dev.portcullis.config.InvalidPropertyException;
import dev.portcullis.forwarding.TrustedProxies;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.handler.predicate.AbstractRoutePredicateFactory;
import org.springframework.cloud.gateway.handler.predicate.GatewayPredicate;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@code ClientRegion} route predicate ({@code - ClientRegion=eu,uk}): matches when
 * the client is in one of the named regions of {@code portcullis.regions}. A route
 * without it, ordered after, catches everyone else. The region is worked out once per
 * request and kept in an exchange attribute for the next route's predicate.
 */
class ClientRegionRoutePredicateFactory
		extends AbstractRoutePredicateFactory<ClientRegionRoutePredicateFactory.Config> {

	/** The exchange attribute holding the client's region, empty when it has none. */
	static final String REGION_ATTRIBUTE = "portcullis.client.region";

	private final ClientRegions regions;

	ClientRegionRoutePredicateFactory(RegionsProperties properties, TrustedProxies trustedProxies) {
		super(Config.class);
		this.regions = new ClientRegions(properties, trustedProxies);
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("regions");
	}

	@Override
	public ShortcutType shortcutType() {
		return ShortcutType.GATHER_LIST;
	}

	@Override
	public Predicate<ServerWebExchange> apply(Config config) {
		Set<String> wanted = check(config);
		return new GatewayPredicate() {

			@Override
			public boolean test(ServerWebExchange exchange) {
				return regionOf(exchange).map(wanted::contains).orElse(false);
			}

			@Override
			public Object getConfig() {
				return config;
			}

			@Override
			public String toString() {
				return "ClientRegion: " + wanted;
			}

		};
	}

	private Set<String> check(Config config) {
		// Spring Cloud Gateway does not tell a predicate its route's id.
		String property = "spring.cloud.gateway.server.webflux.routes[*].predicates[ClientRegion]";
		if (config.getRegions().isEmpty()) {
			throw new InvalidPropertyException(property, "name at least one region of portcullis.regions.named");
		}
		for (String region : config.getRegions()) {
			if (!this.regions.isDefined(region)) {
				throw new InvalidPropertyException(property,
						"'" + region + "' is not a region of portcullis.regions.named");
			}
		}
		return Set.copyOf(config.getRegions().stream().map((r) -> r.trim().toLowerCase(Locale.ROOT)).toList());
	}

	@SuppressWarnings("unchecked") // the attribute only ever holds an Optional<String>
	private Optional<String> regionOf(ServerWebExchange exchange) {
		return (Optional<String>) exchange.getAttributes().computeIfAbsent(REGION_ATTRIBUTE, (key) -> {
			ServerHttpRequest request = exchange.getRequest();
			String header = this.regions.header();
			return Optional.ofNullable(this.regions.regionOf(request.getRemoteAddress(),
					request.getHeaders().getOrEmpty(TrustedProxies.X_FORWARDED_FOR),
					(header != null) ? request.getHeaders().getFirst(header) : null));
		});
	}

	/** The regions a route is for. */
	public static class Config {

		private List<String> regions = new ArrayList<>();

		public List<String> getRegions() {
			return this.regions;
		}

		public void setRegions(List<String> regions) {
			this.regions = regions;
		}

	}

}
