package dev.portcullis.ratelimit;

import java.util.List;

/**
 * One route's resolved {@code RateLimit} configuration.
 *
 * @param routeId the route
 * @param limits its limits, all of which must allow a request
 * @param keyResolver whom a request counts against
 * @param headers whether allowed responses carry the RateLimit fields
 */
record RouteLimits(String routeId, List<Limit> limits, ClientKeyResolver keyResolver, boolean headers) {

	/** The store key of a client on this route. */
	String bucket(String clientKey) {
		return this.routeId + ":" + clientKey;
	}

}
