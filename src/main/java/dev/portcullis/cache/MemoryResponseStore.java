package dev.portcullis.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import reactor.core.publisher.Mono;

/**
 * Stored responses in this gateway's heap (Caffeine), bounded by their size in bytes;
 * each key expires when its longest-lived variant can no longer be served.
 */
final class MemoryResponseStore implements ResponseStore {

	private final Cache<String, Variants> cache;

	private final Clock clock;

	/**
	 * @param maxBytes the most bytes (bodies plus headers) to hold
	 * @param clock the clock that decides when a variant expires
	 * @param onEviction told of each key dropped for size or age, with its route
	 */
	MemoryResponseStore(long maxBytes, Clock clock, BiConsumer<String, RemovalCause> onEviction) {
		this.clock = clock;
		this.cache = Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.executor(Runnable::run)
			.weigher((String key, Variants variants) -> variants.weight())
			.expireAfter(new VariantsExpiry(clock))
			.removalListener((String key, Variants variants, RemovalCause cause) -> {
				if (variants != null && cause.wasEvicted()) {
					onEviction.accept(variants.routeId(), cause);
				}
			})
			.build();
	}

	@Override
	public Mono<List<StoredResponse>> variants(String key) {
		return Mono.fromSupplier(() -> {
			Variants variants = this.cache.getIfPresent(key);
			return (variants != null) ? variants.unexpired(this.clock.instant()) : List.of();
		});
	}

	@Override
	public Mono<Void> put(String key, StoredResponse response, Duration retention) {
		return Mono.fromRunnable(() -> {
			Instant expiresAt = this.clock.instant().plus(retention);
			this.cache.asMap()
				.compute(key, (k, old) -> ((old != null) ? old : Variants.EMPTY).with(response, expiresAt,
						this.clock.instant()));
		});
	}

	@Override
	public Mono<Long> remove(String key) {
		return Mono.fromSupplier(() -> (this.cache.asMap().remove(key) != null) ? 1L : 0L);
	}

	@Override
	public Mono<Long> removeByPrefix(String prefix) {
		return Mono.fromSupplier(() -> removeIf((key, variants) -> key.startsWith(prefix)));
	}

	@Override
	public Mono<Long> removeByRoute(String routeId) {
		return Mono.fromSupplier(() -> removeIf((key, variants) -> variants.hasRoute(routeId)));
	}

	private long removeIf(java.util.function.BiPredicate<String, Variants> condition) {
		AtomicLong removed = new AtomicLong();
		for (String key : new ArrayList<>(this.cache.asMap().keySet())) {
			this.cache.asMap().computeIfPresent(key, (k, variants) -> {
				if (condition.test(k, variants)) {
					removed.incrementAndGet();
					return null;
				}
				return variants;
			});
		}
		return removed.get();
	}

	/** One gateway: the local collapsing in the filter is all the locking needed. */
	@Override
	public Mono<Boolean> tryLock(String key, Duration ttl) {
		return Mono.just(true);
	}

	@Override
	public Mono<Boolean> isLocked(String key) {
		return Mono.just(false);
	}

	@Override
	public Mono<Void> unlock(String key) {
		return Mono.empty();
	}

	/** The variants of one key, each with the instant it expires. */
	private record Variants(Map<String, Timed> byId) {

		static final Variants EMPTY = new Variants(Map.of());

		Variants with(StoredResponse response, Instant expiresAt, Instant now) {
			Map<String, Timed> next = new LinkedHashMap<>();
			this.byId.forEach((id, timed) -> {
				if (timed.expiresAt().isAfter(now)) {
					next.put(id, timed);
				}
			});
			next.put(response.variantId(), new Timed(response, expiresAt));
			return new Variants(Map.copyOf(next));
		}

		List<StoredResponse> unexpired(Instant now) {
			List<StoredResponse> live = new ArrayList<>();
			this.byId.values().forEach((timed) -> {
				if (timed.expiresAt().isAfter(now)) {
					live.add(timed.response());
				}
			});
			return live;
		}

		Instant expiresAt() {
			return this.byId.values().stream().map(Timed::expiresAt).max(Instant::compareTo).orElse(Instant.EPOCH);
		}

		int weight() {
			long weight = 64;
			for (Timed timed : this.byId.values()) {
				weight += timed.response().weight();
			}
			return (int) Math.min(weight, Integer.MAX_VALUE);
		}

		boolean hasRoute(String routeId) {
			return this.byId.values().stream().anyMatch((timed) -> timed.response().routeId().equals(routeId));
		}

		String routeId() {
			return this.byId.values().stream().map((timed) -> timed.response().routeId()).findFirst().orElse("-");
		}

	}

	private record Timed(StoredResponse response, Instant expiresAt) {

	}

	/** Expires a key when its longest-lived variant expires. */
	private record VariantsExpiry(Clock clock) implements Expiry<String, Variants> {

		@Override
		public long expireAfterCreate(String key, Variants value, long currentTime) {
			return remaining(value);
		}

		@Override
		public long expireAfterUpdate(String key, Variants value, long currentTime, long currentDuration) {
			return remaining(value);
		}

		@Override
		public long expireAfterRead(String key, Variants value, long currentTime, long currentDuration) {
			return currentDuration;
		}

		private long remaining(Variants value) {
			Duration left = Duration.between(this.clock.instant(), value.expiresAt());
			return left.isNegative() ? 0 : saturatedNanos(left);
		}

		private static long saturatedNanos(Duration duration) {
			try {
				return duration.toNanos();
			}
			catch (ArithmeticException ex) {
				return Long.MAX_VALUE;
			}
		}

	}

}
