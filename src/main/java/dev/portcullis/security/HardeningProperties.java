package dev.portcullis.security;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.portcullis.config.InvalidPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The limits and checks every request on the public port must pass before it is routed,
 * and the headers added to or removed from every response.
 *
 * @param maxRequestLineLength longest request line (method, target, version); longer is
 * answered 414
 * @param maxHeaderSize most bytes of all request headers together; more is answered 431
 * @param maxHeaderCount most request header fields; more is answered 431
 * @param maxBodySize largest request body, unless the route's {@code max-body-size}
 * metadata says otherwise; larger is answered 413
 * @param idleTimeout longest a connection may stay silent while the gateway waits for a
 * request (its first bytes, or the next request on a kept-alive connection)
 * @param bodyReadTimeout longest gap between two reads of a request body
 * @param requestTimeout longest an HTTP/1.x request body may take to arrive after the
 * request headers (RequestDeadline)
 * @param maxConcurrentRequests most public-port requests in flight at once; more are
 * answered 503
 * @param maxConnections most connections open at once on the public port; the first
 * request of a connection over it is answered 503 and the connection closed
 * @param maxConcurrentRequestsPerClient most requests in flight at once from one client
 * address (as {@code portcullis.forwarding.trusted-proxies} determine it); more are
 * answered 429
 * @param hiddenResponseHeaders response headers removed from every answer, because they
 * name the software behind the gateway
 * @param securityHeaders response headers added to every answer that does not carry them
 * already, on top of the defaults: a value here overrides a default, an empty one drops
 * it; a route's {@code security-headers} metadata overrides these in the same way
 */
@ConfigurationProperties("portcullis.hardening")
public record HardeningProperties(@DefaultValue("8KB") DataSize maxRequestLineLength,
		@DefaultValue("16KB") DataSize maxHeaderSize, @DefaultValue("100") int maxHeaderCount,
		@DefaultValue("10MB") DataSize maxBodySize, @DefaultValue("30s") Duration idleTimeout,
		@DefaultValue("10s") Duration bodyReadTimeout, @DefaultValue("60s") Duration requestTimeout,
		@DefaultValue("10000") int maxConcurrentRequests, @DefaultValue("200") int maxConcurrentRequestsPerClient,
		@DefaultValue("20000") int maxConnections, @Nullable List<String> hiddenResponseHeaders,
		@Nullable Map<String, String> securityHeaders) {

	/** The identifying headers hidden when none are configured. */
	static final List<String> DEFAULT_HIDDEN = List.of("Server", "X-Powered-By", "X-AspNet-Version",
			"X-AspNetMvc-Version", "X-Runtime", "X-Generator", "Via");

	/** The security headers added when none are configured. */
	static final Map<String, String> DEFAULT_SECURITY_HEADERS = Map.of("X-Content-Type-Options", "nosniff",
			"Referrer-Policy", "strict-origin-when-cross-origin", "X-Frame-Options", "DENY");

	private static final String PREFIX = "portcullis.hardening.";

	public HardeningProperties {
		between(maxRequestLineLength, 256, Integer.MAX_VALUE, "max-request-line-length");
		between(maxHeaderSize, 1024, Integer.MAX_VALUE, "max-header-size");
		between(maxBodySize, 0, Long.MAX_VALUE, "max-body-size");
		if (maxHeaderCount < 1) {
			throw new InvalidPropertyException(PREFIX + "max-header-count", "must be at least 1");
		}
		if (maxConnections < 1) {
			throw new InvalidPropertyException(PREFIX + "max-connections", "must be at least 1");
		}
		if (maxConcurrentRequests < 1) {
			throw new InvalidPropertyException(PREFIX + "max-concurrent-requests", "must be at least 1");
		}
		if (maxConcurrentRequestsPerClient < 1 || maxConcurrentRequestsPerClient > maxConcurrentRequests) {
			throw new InvalidPropertyException(PREFIX + "max-concurrent-requests-per-client",
					"must be between 1 and max-concurrent-requests (" + maxConcurrentRequests + ")");
		}
		positive(idleTimeout, "idle-timeout");
		positive(bodyReadTimeout, "body-read-timeout");
		positive(requestTimeout, "request-timeout");
		hiddenResponseHeaders = (hiddenResponseHeaders != null) ? List.copyOf(hiddenResponseHeaders) : DEFAULT_HIDDEN;
		securityHeaders = withOverrides(DEFAULT_SECURITY_HEADERS, securityHeaders);
		validateHeaders(hiddenResponseHeaders, securityHeaders);
	}

	/**
	 * Header values keyed case-insensitively, with {@code overrides} replacing or (when
	 * empty) blanking those of {@code base}; blank values mean "do not add".
	 */
	static Map<String, String> withOverrides(Map<String, String> base, @Nullable Map<?, ?> overrides) {
		Map<String, String> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		merged.putAll(base);
		if (overrides != null) {
			overrides.forEach((name, value) -> merged.put(String.valueOf(name),
					(value != null) ? String.valueOf(value).trim() : ""));
		}
		return Collections.unmodifiableMap(merged);
	}

	private static void validateHeaders(List<String> hidden, Map<String, String> added) {
		for (int i = 0; i < hidden.size(); i++) {
			if (!RequestChecks.isToken(hidden.get(i))) {
				throw new InvalidPropertyException(PREFIX + "hidden-response-headers[" + i + "]",
						"not a valid HTTP header name");
			}
		}
		added.forEach((name, value) -> {
			if (!RequestChecks.isToken(name) || !RequestChecks.isFieldValue(value)) {
				throw new InvalidPropertyException(PREFIX + "security-headers." + name,
						"not a valid HTTP header name and value");
			}
		});
	}

	/**
	 * A route's body limit: its {@code max-body-size} metadata ({@code 1MB},
	 * {@code 512KB}...) or else the global one.
	 */
	long maxBodyBytes(@Nullable Object routeLimit) {
		if (routeLimit == null) {
			return this.maxBodySize.toBytes();
		}
		try {
			return DataSize.parse(routeLimit.toString().trim()).toBytes();
		}
		catch (IllegalArgumentException ex) {
			// Fails closed (500, logged with the route id): a typo must not lift the
			// limit.
			throw new IllegalStateException("Route metadata max-body-size is not a data size: " + routeLimit, ex);
		}
	}

	private static void between(DataSize size, long min, long max, String property) {
		if (size.toBytes() < min || size.toBytes() > max) {
			throw new InvalidPropertyException(PREFIX + property,
					"must be between " + min + " and " + max + " bytes, not " + size.toBytes());
		}
	}

	private static void positive(Duration duration, String property) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidPropertyException(PREFIX + property, "must be positive");
		}
	}

}
