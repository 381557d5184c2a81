package dev.portcullis.upstream;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.portcullis.config.InvalidPropertyException;
import org.jspecify.annotations.Nullable;

/**
 * How a group chooses an instance for each request
 * ({@code portcullis.upstreams.<group>.load-balancing}). Written as the strategy alone
 * ({@code load-balancing: least-in-flight}) or as an object with {@code strategy} and the
 * sticky settings.
 *
 * @param strategy round-robin (the default), least-in-flight, weighted, sticky-cookie or
 * sticky-header
 * @param cookie the cookie that names a client's instance under {@code sticky-cookie}
 * @param header the request header whose value keeps a client on one instance under
 * {@code sticky-header}, such as {@code X-User-Id}
 */
public record LoadBalancing(Strategy strategy, String cookie, @Nullable String header) {

	static final LoadBalancing DEFAULT = new LoadBalancing(null, null, null);

	/** RFC 6265 cookie-name: an RFC 9110 token. */
	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	public LoadBalancing(@Nullable Strategy strategy, @Nullable String cookie, @Nullable String header) {
		this.strategy = (strategy != null) ? strategy : Strategy.ROUND_ROBIN;
		this.cookie = (cookie != null) ? cookie.trim() : "portcullis-upstream";
		this.header = (header != null && !header.isBlank()) ? header.trim() : null;
	}

	/** Lets the short form {@code load-balancing: weighted} bind. */
	public static LoadBalancing valueOf(String strategy) {
		String name = strategy.trim().toUpperCase(Locale.ROOT).replace('-', '_');
		for (Strategy candidate : Strategy.values()) {
			if (candidate.name().equals(name)) {
				return new LoadBalancing(candidate, null, null);
			}
		}
		throw new IllegalArgumentException("'" + strategy + "' is not one of round-robin, least-in-flight, weighted, "
				+ "sticky-cookie, sticky-header");
	}

	void check(String prefix) {
		if (!TOKEN.matcher(this.cookie).matches()) {
			throw new InvalidPropertyException(prefix + ".cookie", "'" + this.cookie + "' is not a valid cookie name");
		}
		if (this.strategy == Strategy.STICKY_HEADER && this.header == null) {
			throw new InvalidPropertyException(prefix + ".header", "sticky-header needs the name of a request header");
		}
		if (this.header != null && !TOKEN.matcher(this.header).matches()) {
			throw new InvalidPropertyException(prefix + ".header", "'" + this.header + "' is not a valid header name");
		}
	}

	/** The ways of choosing an instance. */
	public enum Strategy {

		/** Each instance in turn. */
		ROUND_ROBIN,

		/** The less busy of two instances picked at random (power of two choices). */
		LEAST_IN_FLIGHT,

		/** Each instance in proportion to its weight, interleaved (smooth weighted). */
		WEIGHTED,

		/** The instance named by the client's cookie, set by the gateway. */
		STICKY_COOKIE,

		/** The instance a hash of a request header maps to (rendezvous hashing). */
		STICKY_HEADER

	}

}
