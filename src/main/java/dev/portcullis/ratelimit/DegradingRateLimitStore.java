package dev.portcullis.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.portcullis.ratelimit.GcraPolicy.Decision;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Redis store with its degraded path beside it. When a Redis call fails or takes
 * longer than the timeout, a local limiter decides instead, with every limit divided by
 * the number of replicas, so that the fleet together stays near the global limit. After
 * {@code failureThreshold} failures in a row Redis is skipped for {@code backoff}, and
 * then tried again by the next request.
 * <p>
 * Failing open (letting everything through, as Spring Cloud Gateway's
 * {@code RedisRateLimiter} does) would remove protection exactly when the system is under
 * stress; failing closed would turn a Redis outage into a full outage. Limiting locally
 * keeps both the service and the protection.
 */
final class DegradingRateLimitStore implements RateLimitStore {

	private static final Log logger = LogFactory.getLog(DegradingRateLimitStore.class);

	private final RateLimitStore shared;

	private final RateLimitStore local;

	private final RateLimitProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final AtomicBoolean degraded = new AtomicBoolean();

	private final AtomicInteger consecutiveFailures = new AtomicInteger();

	private volatile Instant skipUntil = Instant.MIN;

	private volatile @Nullable String lastFailure;

	private volatile boolean connected;

	DegradingRateLimitStore(RateLimitStore shared, RateLimitStore local, RateLimitProperties properties, Clock clock,
			MeterRegistry meters) {
		this.shared = shared;
		this.local = local;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
	}

	@Override
	public Mono<Decision> acquire(String key, List<Limit> limits) {
		return decide((store) -> store.acquire(key, limits), (store) -> store.acquire(key, localShare(limits)));
	}

	@Override
	public Mono<Decision> peek(String key, List<Limit> limits) {
		return decide((store) -> store.peek(key, limits), (store) -> store.peek(key, localShare(limits)));
	}

	@Override
	public Mono<Void> reset(String key, List<Limit> limits) {
		Mono<Void> sharedReset = this.shared.reset(key, limits)
			.timeout(this.properties.redisTimeout())
			.onErrorResume((ex) -> Mono.fromRunnable(() -> onFailure(ex)));
		return this.local.reset(key, localShare(limits)).then(sharedReset);
	}

	private Mono<Decision> decide(Function<RateLimitStore, Mono<Decision>> sharedCall,
			Function<RateLimitStore, Mono<Decision>> localCall) {
		if (this.clock.instant().isBefore(this.skipUntil)) {
			return localCall.apply(this.local).map(Decision::asDegraded);
		}
		Mono<Decision> call = sharedCall.apply(this.shared);
		if (!this.connected) {
			// Spring Data Redis opens its shared Lettuce connection
			// synchronously on first use, and tries again after a failed
			// open: until a call has succeeded, a call may block, so it must
			// not run on an event loop. Once connected, Lettuce reconnects in
			// the background and calls no longer block.
			call = call.subscribeOn(Schedulers.boundedElastic());
		}
		return call.timeout(this.properties.redisTimeout()).doOnNext((decision) -> onSuccess()).onErrorResume((ex) -> {
			onFailure(ex);
			return localCall.apply(this.local).map(Decision::asDegraded);
		});
	}

	/**
	 * Opens the Redis connection before traffic arrives, waiting at most {@code limit};
	 * called once at start-up, off the event loops. A Redis that is down then does not
	 * stop start-up: requests are decided locally until it answers.
	 */
	void connect(Duration limit) {
		try {
			this.shared.peek("portcullis-connect", List.of(new Limit("connect", 1, Duration.ofSeconds(1), 1)))
				.timeout(limit)
				.doOnNext((decision) -> onSuccess())
				.block(limit.plusSeconds(1));
		}
		catch (RuntimeException ex) {
			logger.warn("Redis did not answer at start-up (" + describe(Exceptions.unwrap(ex))
					+ "); rate limits are decided locally until it does");
		}
	}

	private List<Limit> localShare(List<Limit> limits) {
		int replicas = this.properties.replicas();
		return (replicas == 1) ? limits : limits.stream().map((limit) -> limit.dividedBy(replicas)).toList();
	}

	private void onSuccess() {
		this.connected = true;
		this.consecutiveFailures.set(0);
		if (this.degraded.compareAndSet(true, false)) {
			logger.info("Redis answers again: rate limits are shared by all replicas again");
			this.meters.counter("portcullis.ratelimit.redis.switches", "to", "shared").increment();
		}
	}

	private void onFailure(Throwable failure) {
		this.lastFailure = failure.getClass().getSimpleName();
		if (logger.isDebugEnabled()) {
			logger.debug("Rate-limit call to Redis failed", failure);
		}
		int failures = this.consecutiveFailures.incrementAndGet();
		if (failures >= this.properties.failureThreshold()) {
			this.skipUntil = this.clock.instant().plus(this.properties.backoff());
		}
		if (this.degraded.compareAndSet(false, true)) {
			logger.warn("Redis failed a rate-limit call (" + describe(failure)
					+ "); deciding with local limiters, each limit divided by " + this.properties.replicas()
					+ " replica(s), until Redis answers again");
			this.meters.counter("portcullis.ratelimit.redis.switches", "to", "local").increment();
		}
	}

	private String describe(Throwable failure) {
		return (failure instanceof TimeoutException)
				? "no answer within " + this.properties.redisTimeout().toMillis() + " ms"
				: failure.getClass().getSimpleName();
	}

	boolean isDegraded() {
		return this.degraded.get();
	}

	/** The details health shows. */
	Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("store", "redis");
		details.put("mode", isDegraded() ? "local" : "shared");
		details.put("consecutiveFailures", this.consecutiveFailures.get());
		Instant skip = this.skipUntil;
		if (this.clock.instant().isBefore(skip)) {
			details.put("redisSkippedFor", Duration.between(this.clock.instant(), skip).toMillis() + "ms");
		}
		String failure = this.lastFailure;
		if (isDegraded() && failure != null) {
			details.put("lastFailure", failure);
		}
		details.put("replicas", this.properties.replicas());
		return details;
	}

}
