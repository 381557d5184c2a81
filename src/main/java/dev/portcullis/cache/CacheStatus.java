package dev.portcullis.cache;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Builds this cache's member of the {@code Cache-Status} response field (RFC 9211), an
 * RFC 8941 list: {@code portcullis; hit; ttl=42} when served from the cache,
 * {@code portcullis; fwd=uri-miss; stored} when the request went upstream and why. Every
 * parameter value used is an integer or a token, so the field needs no escaping.
 */
final class CacheStatus {

	static final String HEADER = "Cache-Status";

	static final String NAME = "portcullis";

	private CacheStatus() {
	}

	static String hit(Duration ttl, @Nullable String detail) {
		return NAME + "; hit; ttl=" + ttl.toSeconds() + detail(detail);
	}

	static String forward(String fwd, @Nullable Integer fwdStatus, boolean stored, @Nullable String detail) {
		StringBuilder value = new StringBuilder(NAME).append("; fwd=").append(fwd);
		if (fwdStatus != null) {
			value.append("; fwd-status=").append(fwdStatus);
		}
		if (stored) {
			value.append("; stored");
		}
		return value.append(detail(detail)).toString();
	}

	/** Not served and not forwarded, such as a 504 for {@code only-if-cached}. */
	static String none(String detail) {
		return NAME + detail(detail);
	}

	private static String detail(@Nullable String detail) {
		return (detail != null) ? "; detail=" + detail : "";
	}

}
