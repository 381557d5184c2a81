package dev.portcullis.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.portcullis.ratelimit.GcraPolicy.Decision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class DegradingRateLimitStoreTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final List<Limit> limits = List.of(Limit.parse("10/1h"));

	private final MutableClock clock = new MutableClock();

	private final FlakyStore redis = new FlakyStore(new MemoryRateLimitStore(Clock.systemUTC(), 100));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private DegradingRateLimitStore store(int replicas) {
		RateLimitProperties properties = new RateLimitProperties(RateLimitProperties.Store.REDIS, "ip", true,
				Duration.ofMillis(200), replicas, 3, Duration.ofSeconds(5), 1000);
		return new DegradingRateLimitStore(this.redis, new MemoryRateLimitStore(this.clock, 100), properties,
				this.clock, this.meters);
	}

	private static int allowedOf(DegradingRateLimitStore store, int count) {
		int allowed = 0;
		for (int i = 0; i < count; i++) {
			if (store.acquire("k", List.of(Limit.parse("10/1h"))).block(WAIT).allowed()) {
				allowed++;
			}
		}
		return allowed;
	}

	private double switches(String to) {
		return this.meters.counter("portcullis.ratelimit.redis.switches", "to", to).count();
	}

	@Test
	void decidesInRedisWhileItAnswers() {
		DegradingRateLimitStore store = store(1);
		Decision decision = store.acquire("k", this.limits).block(WAIT);
		assertThat(decision.allowed()).isTrue();
		assertThat(decision.degraded()).isFalse();
		assertThat(this.redis.calls).hasValue(1);
		assertThat(store.details()).containsEntry("mode", "shared");
	}

	@Test
	void fallsBackToLocalLimiterWithLimitsDividedByReplicasWhenRedisFails() {
		DegradingRateLimitStore store = store(2);
		this.redis.failing = true;
		Decision first = store.acquire("k", this.limits).block(WAIT);
		assertThat(first.allowed()).isTrue();
		assertThat(first.degraded()).isTrue();
		assertThat(allowedOf(store, 20)).isEqualTo(4);
		assertThat(store.details()).containsEntry("mode", "local")
			.containsEntry("lastFailure", "IllegalStateException");
		assertThat(switches("local")).isEqualTo(1);
	}

	@Test
	void fallsBackToLocalLimiterWhenRedisTimesOut() {
		DegradingRateLimitStore store = store(1);
		this.redis.delay = Duration.ofSeconds(5);
		Decision decision = store.acquire("k", this.limits).block(WAIT);
		assertThat(decision.allowed()).isTrue();
		assertThat(decision.degraded()).isTrue();
	}

	@Test
	void skipsRedisForTheBackoffAfterRepeatedFailuresThenProbesAndRecovers() {
		DegradingRateLimitStore store = store(1);
		this.redis.failing = true;
		allowedOf(store, 3);
		assertThat(this.redis.calls).hasValue(3);
		allowedOf(store, 5);
		assertThat(this.redis.calls).as("Redis skipped during the back-off").hasValue(3);
		assertThat(store.details()).containsKey("redisSkippedFor");
		this.redis.failing = false;
		this.clock.now = this.clock.now.plusSeconds(6);
		Decision probed = store.acquire("k", this.limits).block(WAIT);
		assertThat(this.redis.calls).hasValue(4);
		assertThat(probed.degraded()).isFalse();
		assertThat(store.isDegraded()).isFalse();
		assertThat(switches("local")).isEqualTo(1);
		assertThat(switches("shared")).isEqualTo(1);
	}

	@Test
	void aFailedProbeBacksOffAgainAtOnce() {
		DegradingRateLimitStore store = store(1);
		this.redis.failing = true;
		allowedOf(store, 3);
		this.clock.now = this.clock.now.plusSeconds(6);
		allowedOf(store, 1);
		assertThat(this.redis.calls).hasValue(4);
		allowedOf(store, 5);
		assertThat(this.redis.calls).hasValue(4);
		assertThat(switches("local")).as("the switch is counted once").isEqualTo(1);
	}

	@Test
	void resetClearsBothStores() {
		DegradingRateLimitStore store = store(1);
		allowedOf(store, 10);
		store.reset("k", this.limits).block(WAIT);
		assertThat(store.peek("k", this.limits).block(WAIT).quotas().get(0).remaining()).isEqualTo(10);
	}

	/** A store in front of a working one that can be told to fail or to be slow. */
	private static final class FlakyStore implements RateLimitStore {

		private final RateLimitStore delegate;

		final AtomicInteger calls = new AtomicInteger();

		volatile boolean failing;

		volatile Duration delay = Duration.ZERO;

		FlakyStore(RateLimitStore delegate) {
			this.delegate = delegate;
		}

		private <T> Mono<T> maybeFail(Mono<T> call) {
			this.calls.incrementAndGet();
			if (this.failing) {
				return Mono.error(new IllegalStateException("Redis is down"));
			}
			return call.delaySubscription(this.delay);
		}

		@Override
		public Mono<Decision> acquire(String key, List<Limit> limits) {
			return maybeFail(this.delegate.acquire(key, limits));
		}

		@Override
		public Mono<Decision> peek(String key, List<Limit> limits) {
			return maybeFail(this.delegate.peek(key, limits));
		}

		@Override
		public Mono<Void> reset(String key, List<Limit> limits) {
			return maybeFail(this.delegate.reset(key, limits));
		}

	}

}
