package dev.portcullis.cache;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;

/**
 * {@code DELETE /actuator/cache} on the management port (admin only): removes stored
 * responses by exact URL ({@code ?url=}), by URL prefix ({@code ?prefix=}) or by route
 * ({@code ?route=}), and answers {@code {"removed": n}}, the number of URLs removed with
 * all their variants. With the Redis store the purge reaches every replica.
 */
@Endpoint(id = "cache")
class CachePurgeEndpoint {

	private final ResponseStore store;

	private final CacheMetrics metrics;

	CachePurgeEndpoint(ResponseStore store, CacheMetrics metrics) {
		this.store = store;
		this.metrics = metrics;
	}

	private static String key(String url) {
		try {
			return CacheKey.of(new URI(url));
		}
		catch (URISyntaxException ex) {
			throw new InvalidEndpointRequestException("Not a URL: " + url, "url is not a valid URL");
		}
	}

	@DeleteOperation
	Mono<Map<String, Object>> purge(@Nullable String url, @Nullable String prefix, @Nullable String route) {
		int given = ((url != null) ? 1 : 0) + ((prefix != null) ? 1 : 0) + ((route != null) ? 1 : 0);
		if (given != 1) {
			throw new InvalidEndpointRequestException("Give exactly one of url, prefix or route",
					"Give exactly one of url, prefix or route");
		}
		Mono<Long> removed;
		if (url != null) {
			removed = this.store.remove(key(url));
		}
		else if (prefix != null) {
			removed = this.store.removeByPrefix(prefix);
		}
		else {
			removed = this.store.removeByRoute(route);
		}
		String tag = (route != null) ? route : "-";
		return removed.doOnNext((count) -> this.metrics.evicted(tag, "purge", count))
			.map((count) -> Map.<String, Object>of("removed", count));
	}

}
