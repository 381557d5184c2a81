package dev.portcullis.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.portcullis.ratelimit.GcraPolicy.Decision;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Keeps each key's TATs in a bounded Caffeine cache. An entry expires when all its limits
 * are full again, because then forgetting it changes nothing. A key is updated under the
 * map's per-key lock, so concurrent requests cannot both take the last request.
 */
final class MemoryRateLimitStore implements RateLimitStore {

	private final Clock clock;

	private final Cache<String, long[]> tats;

	MemoryRateLimitStore(Clock clock, long maxKeys) {
		this.clock = clock;
		// Maintenance (expiry, size eviction) runs on the calling thread, as in
		// MemoryResponseStore: Caffeine's default hands it to the common ForkJoinPool,
		// waking another thread on almost every decision.
		this.tats = Caffeine.newBuilder()
			.maximumSize(maxKeys)
			.executor(Runnable::run)
			.expireAfter(new UntilIdle(clock))
			.build();
	}

	@Override
	public Mono<Decision> acquire(String key, List<Limit> limits) {
		return Mono.fromSupplier(() -> acquireNow(key, limits));
	}

	Decision acquireNow(String key, List<Limit> limits) {
		AtomicReference<Decision> decision = new AtomicReference<>();
		this.tats.asMap().compute(key, (k, old) -> {
			Decision made = GcraPolicy.acquire(limits, current(old, limits), nowMicros(this.clock));
			decision.set(made);
			return made.tats();
		});
		return decision.get();
	}

	@Override
	public Mono<Decision> peek(String key, List<Limit> limits) {
		return Mono.fromSupplier(
				() -> GcraPolicy.peek(limits, current(this.tats.getIfPresent(key), limits), nowMicros(this.clock)));
	}

	@Override
	public Mono<Void> reset(String key, List<Limit> limits) {
		return Mono.fromRunnable(() -> this.tats.invalidate(key));
	}

	/** The stored TATs, or none when the key is new or the route's limits changed. */
	private static long[] current(long @Nullable [] stored, List<Limit> limits) {
		return (stored != null && stored.length == limits.size()) ? stored : new long[limits.size()];
	}

	static long nowMicros(Clock clock) {
		Instant now = clock.instant();
		return ChronoUnit.MICROS.between(Instant.EPOCH, now);
	}

	/** Expires an entry when its latest TAT has passed. */
	private static final class UntilIdle implements Expiry<String, long[]> {

		private final Clock clock;

		UntilIdle(Clock clock) {
			this.clock = clock;
		}

		@Override
		public long expireAfterCreate(String key, long[] value, long currentTime) {
			long latest = 0;
			for (long tat : value) {
				latest = Math.max(latest, tat);
			}
			long micros = Math.max(1, latest - nowMicros(this.clock));
			return TimeUnit.MICROSECONDS.toNanos(micros);
		}

		@Override
		public long expireAfterUpdate(String key, long[] value, long currentTime, long currentDuration) {
			return expireAfterCreate(key, value, currentTime);
		}

		@Override
		public long expireAfterRead(String key, long[] value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
