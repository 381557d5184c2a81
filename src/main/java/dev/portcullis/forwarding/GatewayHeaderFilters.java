package dev.portcullis.forwarding;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Replaces four of Spring Cloud Gateway's header filters with cheaper ones. Three copied
 * every request header on every request, each into a new map, and now copy only when they
 * change something:
 * <ul>
 * <li>{@code RemoveForwardedHeadersFilter} and {@code RemoveXForwardedHeadersFilter}
 * removed {@code Forwarded} and every {@code X-Forwarded-*} header from every client,
 * trusted proxies included (they know only the gateway's own trusted-proxy setting, which
 * Portcullis leaves unset). {@link ProxyHeadersFilter} now removes them from untrusted
 * peers and keeps them from {@code portcullis.forwarding.trusted-proxies}, as documented.
 * <li>{@code GRPCRequestHeadersFilter} copied all headers to add {@code te: trailers} to
 * gRPC requests only; now only gRPC requests get a copy.
 * </ul>
 * The hop-by-hop filter keeps its copy (it is the private copy that the later filters
 * write into, see {@link UpstreamHeaders}) but finds the headers to drop more cheaply.
 * Subclasses, so that the beans keep their types and orders.
 */
final class GatewayHeaderFilters implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RemoveForwardedHeadersFilter && !(bean instanceof LeaveForwarded)) {
			return new LeaveForwarded();
		}
		if (bean instanceof RemoveXForwardedHeadersFilter && !(bean instanceof LeaveXForwarded)) {
			return new LeaveXForwarded();
		}
		if (bean instanceof GRPCRequestHeadersFilter && !(bean instanceof TrailersForGrpc)) {
			return new TrailersForGrpc();
		}
		if (bean instanceof RemoveHopByHopHeadersFilter hopByHop && !(bean instanceof HopByHop)) {
			return new HopByHop(hopByHop);
		}
		return bean;
	}

	/**
	 * The gateway's hop-by-hop filter, with its configured headers and order, without the
	 * per-request set, stream and lower-case copy of every name it made to find them.
	 */
	static final class HopByHop extends RemoveHopByHopHeadersFilter {

		HopByHop(RemoveHopByHopHeadersFilter configured) {
			setHeaders(configured.getHeaders());
			setOrder(configured.getOrder());
		}

		@Override
		public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
			Set<String> removed = getHeaders();
			List<String> connection = input.getOrEmpty(HttpHeaders.CONNECTION);
			HttpHeaders filtered = new HttpHeaders();
			for (Map.Entry<String, List<String>> entry : input.headerSet()) {
				String name = entry.getKey();
				if (!removed.contains(name.toLowerCase(Locale.ROOT)) && !namedIn(connection, name)) {
					filtered.addAll(name, entry.getValue());
				}
			}
			return filtered;
		}

		/** Whether a {@code Connection} field value lists the header as hop-by-hop. */
		static boolean namedIn(List<String> connection, String name) {
			for (String value : connection) {
				for (String option : StringUtils.tokenizeToStringArray(value, ",")) {
					if (option.equalsIgnoreCase(name)) {
						return true;
					}
				}
			}
			return false;
		}

	}

	/** {@code Forwarded} is {@link ProxyHeadersFilter}'s. */
	static final class LeaveForwarded extends RemoveForwardedHeadersFilter {

		@Override
		public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
			return input;
		}

	}

	/** {@code X-Forwarded-*} is {@link ProxyHeadersFilter}'s. */
	static final class LeaveXForwarded extends RemoveXForwardedHeadersFilter {

		@Override
		public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
			return input;
		}

	}

	/**
	 * gRPC needs {@code te: trailers} upstream (the hop-by-hop filter, which runs before
	 * this one, removes {@code te}).
	 */
	static final class TrailersForGrpc extends GRPCRequestHeadersFilter {

		@Override
		public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
			if (!StringUtils.startsWithIgnoreCase(input.getFirst(HttpHeaders.CONTENT_TYPE), "application/grpc")) {
				return input;
			}
			HttpHeaders updated = UpstreamHeaders.writable(input, exchange);
			updated.add(HttpHeaders.TE, "trailers");
			return updated;
		}

	}

}
