package dev.portcullis.ratelimit;

import java.util.List;

import dev.portcullis.ratelimit.GcraPolicy.Decision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTests {

	private final List<Limit> limits = List.of(Limit.parse("100/1s burst 200"), Limit.parse("daily=5000/1d"));

	@Test
	void policyListsEachLimitWithQuotaAndWindow() {
		assertThat(RateLimitHeaders.policy(this.limits)).isEqualTo("\"1s\";q=100;w=1, \"daily\";q=5000;w=86400");
	}

	@Test
	void currentGivesRemainingAndSecondsUntilFull() {
		Decision decision = GcraPolicy.acquire(this.limits, new long[2], 1_000_000_000L);
		assertThat(RateLimitHeaders.current(decision)).isEqualTo("\"1s\";r=199;t=1, \"daily\";r=4999;t=18");
	}

	@Test
	void retryAfterRoundsUpToAtLeastOneSecond() {
		Decision denied = new Decision(false, new long[0], List.of(), 1, false);
		assertThat(RateLimitHeaders.retryAfterSeconds(denied)).isEqualTo(1);
		Decision later = new Decision(false, new long[0], List.of(), 2_000_001, false);
		assertThat(RateLimitHeaders.retryAfterSeconds(later)).isEqualTo(3);
	}

}
