package dev.portcullis.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.portcullis.ratelimit.GcraPolicy.Decision;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RateLimitStore} must do. Limits here are per hour, so that time
 * passing during a test refills nothing that matters.
 */
abstract class RateLimitStoreContractTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	protected abstract RateLimitStore store();

	private static String freshKey() {
		return "contract:" + UUID.randomUUID();
	}

	private Decision acquire(String key, List<Limit> limits) {
		return store().acquire(key, limits).block(WAIT);
	}

	@Test
	void allowsTheQuotaThenDeniesWithRetryAfter() {
		List<Limit> limits = List.of(Limit.parse("5/1h"));
		String key = freshKey();
		for (int i = 0; i < 5; i++) {
			Decision decision = acquire(key, limits);
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.quotas().get(0).remaining()).isEqualTo(4 - i);
		}
		Decision denied = acquire(key, limits);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.retryAfterMicros()).isPositive();
		assertThat(denied.quotas().get(0).remaining()).isZero();
	}

	@Test
	void keysAreIndependent() {
		List<Limit> limits = List.of(Limit.parse("1/1h"));
		String one = freshKey();
		assertThat(acquire(one, limits).allowed()).isTrue();
		assertThat(acquire(one, limits).allowed()).isFalse();
		assertThat(acquire(freshKey(), limits).allowed()).isTrue();
	}

	@Test
	void aRequestDeniedByOneLimitConsumesNothingOfTheOthers() {
		List<Limit> limits = List.of(Limit.parse("wide=100/1h"), Limit.parse("narrow=2/1h"));
		String key = freshKey();
		assertThat(acquire(key, limits).allowed()).isTrue();
		assertThat(acquire(key, limits).allowed()).isTrue();
		for (int i = 0; i < 10; i++) {
			assertThat(acquire(key, limits).allowed()).isFalse();
		}
		Decision state = store().peek(key, limits).block(WAIT);
		assertThat(state.quotas().get(0).remaining()).isEqualTo(98);
		assertThat(state.quotas().get(1).remaining()).isZero();
	}

	@Test
	void peekConsumesNothingAndResetStartsFull() {
		List<Limit> limits = List.of(Limit.parse("3/1h"));
		String key = freshKey();
		assertThat(store().peek(key, limits).block(WAIT).quotas().get(0).remaining()).isEqualTo(3);
		acquire(key, limits);
		acquire(key, limits);
		assertThat(store().peek(key, limits).block(WAIT).quotas().get(0).remaining()).isEqualTo(1);
		assertThat(store().peek(key, limits).block(WAIT).quotas().get(0).remaining()).isEqualTo(1);
		store().reset(key, limits).block(WAIT);
		assertThat(store().peek(key, limits).block(WAIT).quotas().get(0).remaining()).isEqualTo(3);
	}

	@Test
	void fiveHundredConcurrentRequestsAgainstAHundredAllowExactlyAHundred() {
		List<Limit> limits = List.of(Limit.parse("100/1h"));
		String key = freshKey();
		AtomicInteger allowed = new AtomicInteger();
		Flux.range(0, 500)
			.parallel(16)
			.runOn(Schedulers.boundedElastic())
			.flatMap((i) -> store().acquire(key, limits))
			.doOnNext((decision) -> {
				if (decision.allowed()) {
					allowed.incrementAndGet();
				}
			})
			.sequential()
			.blockLast(WAIT);
		assertThat(allowed).hasValue(100);
	}

}
