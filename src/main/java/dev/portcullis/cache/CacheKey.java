package dev.portcullis.cache;

import java.net.URI;
import java.util.Locale;

/**
 * The cache key of a request: scheme, host (lower-cased, with the port when one was
 * given), path and query exactly as the client sent them. The method is not part of it,
 * so a HEAD is answered from a stored GET, nor is the route, so a purge by URL finds
 * every variant.
 */
final class CacheKey {

	private CacheKey() {
	}

	static String of(URI uri) {
		StringBuilder key = new StringBuilder();
		key.append((uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "http").append("://");
		if (uri.getRawAuthority() != null) {
			key.append(uri.getRawAuthority().toLowerCase(Locale.ROOT));
		}
		String path = uri.getRawPath();
		key.append((path == null || path.isEmpty()) ? "/" : path);
		if (uri.getRawQuery() != null) {
			key.append('?').append(uri.getRawQuery());
		}
		return key.toString();
	}

}
