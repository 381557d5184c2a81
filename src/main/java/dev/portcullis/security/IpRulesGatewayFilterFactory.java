package dev.portcullis.security;

import java.util.ArrayList;
import java.util.List;

import dev.portcullis.config.InvalidPropertyException;
import dev.portcullis.forwarding.Cidr;
import dev.portcullis.forwarding.TrustedProxies;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;

/**
 * The {@code IpRules} route filter, written as nginx writes its rules:
 * {@code - IpRules=allow 10.0.0.0/8, allow fd00::/8, deny 10.6.0.0/16}. Each entry says
 * {@code allow} or {@code deny} itself, because Spring Cloud Gateway gathers every
 * argument of a list-shortcut filter into one list whatever its key. A refused client
 * gets 403 before the route's authentication, rate limit or upstream ({@link #ORDER}).
 * The global {@code portcullis.ip-rules} apply first.
 */
public class IpRulesGatewayFilterFactory extends AbstractGatewayFilterFactory<IpRulesGatewayFilterFactory.Config> {

	/** First among route filters: before {@code Authenticate} and {@code RateLimit}. */
	public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 4;

	private final TrustedProxies trustedProxies;

	IpRulesGatewayFilterFactory(TrustedProxies trustedProxies) {
		super(Config.class);
		this.trustedProxies = trustedProxies;
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("rules");
	}

	@Override
	public ShortcutType shortcutType() {
		return ShortcutType.GATHER_LIST;
	}

	@Override
	public GatewayFilter apply(Config config) {
		String routeId = (config.getRouteId() != null) ? config.getRouteId() : "-";
		IpRules rules = rules("spring.cloud.gateway.server.webflux.routes[id=" + routeId + "].filters[IpRules]",
				config.getRules());
		return new OrderedGatewayFilter(
				(exchange, chain) -> rules.permits(IpRulesFilter.client(this.trustedProxies, exchange.getRequest()))
						? chain.filter(exchange) : Mono.error(IpRulesFilter.refusal()),
				ORDER);
	}

	/**
	 * Splits {@code allow <block>} and {@code deny <block>} entries into the two lists.
	 */
	static IpRules rules(String property, @Nullable List<String> entries) {
		if (entries == null || entries.isEmpty()) {
			throw new InvalidPropertyException(property, "list at least one rule, as in IpRules=allow 10.0.0.0/8");
		}
		List<String> allow = new ArrayList<>();
		List<String> deny = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			String[] words = entries.get(i).trim().split("\\s+");
			if (words.length != 2 || !(words[0].equals("allow") || words[0].equals("deny"))) {
				throw new InvalidPropertyException(property + ".rules[" + i + "]",
						"'" + entries.get(i) + "' is not a rule; write allow <CIDR> or deny <CIDR>");
			}
			try {
				Cidr.parse(words[1]);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidPropertyException(property + ".rules[" + i + "]", ex.getMessage());
			}
			(words[0].equals("allow") ? allow : deny).add(words[1]);
		}
		return IpRules.parse(property, allow, deny);
	}

	/** A route's IP rules, each {@code allow <block>} or {@code deny <block>}. */
	public static class Config implements HasRouteId {

		private @Nullable List<String> rules;

		private @Nullable String routeId;

		public @Nullable List<String> getRules() {
			return this.rules;
		}

		public void setRules(@Nullable List<String> rules) {
			this.rules = rules;
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
