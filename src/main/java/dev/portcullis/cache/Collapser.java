package dev.portcullis.cache;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Request collapsing: of concurrent misses for one key, one (the leader) goes upstream
 * and the others wait for it, at most {@code maxWait}, then look in the store again. In
 * this gateway the leader is the first to register the key; across gateways sharing Redis
 * it is the one that takes the key's lock there, and the others poll the lock.
 */
final class Collapser {

	/** Beyond this many keys in flight, requests are not collapsed. */
	static final int MAX_IN_FLIGHT = 10_000;

	private static final Duration POLL = Duration.ofMillis(20);

	private final ConcurrentHashMap<String, Sinks.Empty<Void>> inFlight = new ConcurrentHashMap<>();

	private final ResponseStore store;

	private final Duration maxWait;

	Collapser(ResponseStore store, Duration maxWait) {
		this.store = store;
		this.maxWait = maxWait;
	}

	/**
	 * Runs {@code lead} when this request leads for the key, else waits and runs
	 * {@code follow}; {@code onError} runs when the store cannot say who leads, and the
	 * request then leads on its own.
	 */
	Mono<Void> collapse(String key, Supplier<Mono<Void>> lead, Supplier<Mono<Void>> follow, Runnable onError) {
		if (this.inFlight.size() >= MAX_IN_FLIGHT) {
			return lead.get();
		}
		Sinks.Empty<Void> done = Sinks.empty();
		Sinks.Empty<Void> running = this.inFlight.putIfAbsent(key, done);
		if (running != null) {
			return running.asMono().timeout(this.maxWait, Mono.empty()).then(Mono.defer(follow));
		}
		return this.store.tryLock(key, this.maxWait).onErrorResume((ex) -> {
			onError.run();
			return Mono.just(true);
		})
			.flatMap((locked) -> locked
					? lead.get().then(unlock(key)).onErrorResume((ex) -> unlock(key).then(Mono.error(ex)))
					: awaitOtherGateway(key).then(Mono.defer(follow)))
			.doFinally((signal) -> {
				this.inFlight.remove(key, done);
				done.tryEmitEmpty();
			});
	}

	private Mono<Void> unlock(String key) {
		return this.store.unlock(key).onErrorResume((ex) -> Mono.empty());
	}

	/** Polls the lock another gateway holds until it is released or the wait is over. */
	private Mono<Void> awaitOtherGateway(String key) {
		return Mono.delay(POLL)
			.then(Mono.defer(() -> this.store.isLocked(key)))
			.onErrorReturn(false)
			.repeat()
			.takeUntil((locked) -> !locked)
			.then()
			.timeout(this.maxWait, Mono.empty());
	}

}
