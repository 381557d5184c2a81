package dev.portcullis.cache;

import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.util.unit.DataSize;

/**
 * {@code ResponseCache} in route definitions: an RFC 9111 shared cache in front of the
 * route's upstream. {@code - ResponseCache} uses the {@code portcullis.cache.*} defaults;
 * {@code - ResponseCache=60s} sets the route's default stale-if-error window; the long
 * form takes {@code stale-if-error}, {@code max-object-size} and {@code collapse}.
 */
class ResponseCacheGatewayFilterFactory extends AbstractGatewayFilterFactory<ResponseCacheGatewayFilterFactory.Config> {

	/**
	 * Just before the gateway's response writer, so the filter can see and replace what
	 * the upstream sends; it therefore runs before the route's other filters, and sees
	 * the request as the client sent it.
	 */
	static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

	private final CacheProperties properties;

	private final CachePolicy policy;

	private final ResponseStore store;

	private final CacheMetrics metrics;

	private final Collapser collapser;

	private final UncacheableUrls uncacheable;

	ResponseCacheGatewayFilterFactory(CacheProperties properties, CachePolicy policy, ResponseStore store,
			CacheMetrics metrics) {
		super(Config.class);
		this.properties = properties;
		this.policy = policy;
		this.store = store;
		this.metrics = metrics;
		this.collapser = new Collapser(store, properties.collapseWait());
		this.uncacheable = new UncacheableUrls(properties.uncacheableTtl(), Ticker.systemTicker());
	}

	@Override
	public String name() {
		return "ResponseCache";
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("staleIfError");
	}

	@Override
	public GatewayFilter apply(Config config) {
		String routeId = (config.getRouteId() != null) ? config.getRouteId() : "-";
		Duration staleIfError = (config.getStaleIfError() != null) ? config.getStaleIfError()
				: this.properties.staleIfError();
		DataSize maxObjectSize = (config.getMaxObjectSize() != null) ? config.getMaxObjectSize()
				: this.properties.maxObjectSize();
		boolean collapse = (config.getCollapse() != null) ? config.getCollapse() : this.properties.collapse();
		String where = "route " + routeId + " ResponseCache";
		if (staleIfError.isNegative()) {
			throw new dev.portcullis.config.InvalidPropertyException(where + ".stale-if-error", "must not be negative");
		}
		if (maxObjectSize.toBytes() <= 0 || maxObjectSize.toBytes() > Integer.MAX_VALUE - 8) {
			throw new dev.portcullis.config.InvalidPropertyException(where + ".max-object-size",
					"must be between 1B and 2GB");
		}
		ResponseCacheFilter.Route route = new ResponseCacheFilter.Route(routeId, staleIfError,
				(int) maxObjectSize.toBytes(), collapse);
		ResponseCacheFilter filter = new ResponseCacheFilter(route, this.properties, this.policy, this.store,
				this.metrics, this.collapser, this.uncacheable);
		return new OrderedGatewayFilter(filter, ORDER);
	}

	/**
	 * A route's settings; {@code null} means the {@code portcullis.cache.*} default.
	 */
	public static class Config implements HasRouteId {

		private @Nullable String routeId;

		private @Nullable Duration staleIfError;

		private @Nullable DataSize maxObjectSize;

		private @Nullable Boolean collapse;

		@Override
		public void setRouteId(String routeId) {
			this.routeId = routeId;
		}

		@Override
		public @Nullable String getRouteId() {
			return this.routeId;
		}

		public @Nullable Duration getStaleIfError() {
			return this.staleIfError;
		}

		public void setStaleIfError(@Nullable Duration staleIfError) {
			this.staleIfError = staleIfError;
		}

		public @Nullable DataSize getMaxObjectSize() {
			return this.maxObjectSize;
		}

		public void setMaxObjectSize(@Nullable DataSize maxObjectSize) {
			this.maxObjectSize = maxObjectSize;
		}

		public @Nullable Boolean getCollapse() {
			return this.collapse;
		}

		public void setCollapse(@Nullable Boolean collapse) {
			this.collapse = collapse;
		}

	}

}
