package dev.portcullis.ratelimit;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryRateLimitStoreTests extends RateLimitStoreContractTests {

	private final MemoryRateLimitStore store = new MemoryRateLimitStore(Clock.systemUTC(), 10_000);

	@Override
	protected RateLimitStore store() {
		return this.store;
	}

	@Test
	void followsTheInjectedClock() {
		MutableClock clock = new MutableClock();
		MemoryRateLimitStore timed = new MemoryRateLimitStore(clock, 100);
		List<Limit> limits = List.of(Limit.parse("1/1s"));
		assertThat(timed.acquireNow("k", limits).allowed()).isTrue();
		assertThat(timed.acquireNow("k", limits).allowed()).isFalse();
		clock.now = clock.now.plusSeconds(1);
		assertThat(timed.acquireNow("k", limits).allowed()).isTrue();
	}

}
