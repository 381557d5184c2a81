package dev.portcullis.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Chooses one of the instances that may take a request. The caller has already left out
 * the unhealthy, ejected and already-tried ones where it could.
 */
interface LoadBalancingStrategy {

	/**
	 * @param candidates the instances to choose from; never empty
	 * @param affinity what the request says about the instance it prefers
	 */
	UpstreamInstance choose(List<UpstreamInstance> candidates, Affinity affinity);

	/** A new strategy of the given kind, with its own state. */
	static LoadBalancingStrategy of(LoadBalancing.Strategy strategy) {
		IntUnaryOperator random = (bound) -> ThreadLocalRandom.current().nextInt(bound);
		return switch (strategy) {
			case ROUND_ROBIN -> new RoundRobin();
			case LEAST_IN_FLIGHT -> new LeastInFlight(random);
			case WEIGHTED -> new SmoothWeighted();
			case STICKY_COOKIE -> new StickyCookie(new RoundRobin());
			case STICKY_HEADER -> new RendezvousHash(new RoundRobin());
		};
	}

	/**
	 * What a request says about the instance it prefers.
	 *
	 * @param cookie the value of the sticky cookie, when the request has one
	 * @param key the value of the sticky header, when the request has one
	 */
	record Affinity(@Nullable String cookie, @Nullable String key) {

		static final Affinity NONE = new Affinity(null, null);

	}

}
