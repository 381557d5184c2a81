package dev.portcullis.cache;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Where stored responses live, by cache key, each key holding the variants that
 * {@code Vary} tells apart. Implementations bound every call they make to a remote
 * system; callers treat an error as "not cached" and go upstream.
 */
interface ResponseStore {

	/** Every unexpired variant stored under the key; empty when none. */
	Mono<List<StoredResponse>> variants(String key);

	/**
	 * Stores a variant under the key for {@code retention}, replacing one with the same
	 * {@link StoredResponse#variantId()}.
	 */
	Mono<Void> put(String key, StoredResponse response, Duration retention);

	/**
	 * Removes the key and all its variants; answers how many keys were removed (0 or 1).
	 */
	Mono<Long> remove(String key);

	/** Removes every key that starts with the prefix; answers how many were removed. */
	Mono<Long> removeByPrefix(String prefix);

	/** Removes every key stored through the route; answers how many were removed. */
	Mono<Long> removeByRoute(String routeId);

	/**
	 * Tries to become the one fetcher of a key among all the gateways sharing the store;
	 * a store that is not shared answers {@code true}.
	 */
	Mono<Boolean> tryLock(String key, Duration ttl);

	/** Whether some gateway holds the fetch lock of the key. */
	Mono<Boolean> isLocked(String key);

	/** Releases a lock taken by {@link #tryLock}. */
	Mono<Void> unlock(String key);

}
