package dev.portcullis.ratelimit;

import java.util.List;

import dev.portcullis.ratelimit.GcraPolicy.Decision;
import reactor.core.publisher.Mono;

/**
 * Where the limits' state lives: in this gateway's memory or in Redis, shared by every
 * replica. A key is one client of one route; the limits are that route's, in a fixed
 * order.
 */
interface RateLimitStore {

	/**
	 * Decides a request and, when every limit allows it, consumes one request of each.
	 */
	Mono<Decision> acquire(String key, List<Limit> limits);

	/** The current state of a key, consuming nothing. */
	Mono<Decision> peek(String key, List<Limit> limits);

	/** Forgets a key, so its limits start full again. */
	Mono<Void> reset(String key, List<Limit> limits);

}
