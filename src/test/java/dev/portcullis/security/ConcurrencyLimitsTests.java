package dev.portcullis.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The global and per-client limits on requests in flight.
 */
class ConcurrencyLimitsTests {

	private final ConcurrencyLimits limits = new ConcurrencyLimits(3, 2);

	@Test
	void admitsUpToTheClientsLimit() {
		assertThat(this.limits.acquire("a")).isEqualTo(ConcurrencyLimits.Decision.ADMITTED);
		assertThat(this.limits.acquire("a")).isEqualTo(ConcurrencyLimits.Decision.ADMITTED);
		assertThat(this.limits.acquire("a")).isEqualTo(ConcurrencyLimits.Decision.CLIENT_FULL);
		assertThat(this.limits.inFlight()).isEqualTo(2);
	}

	@Test
	void refusesEveryoneWhenTheGatewayIsFull() {
		this.limits.acquire("a");
		this.limits.acquire("a");
		assertThat(this.limits.acquire("b")).isEqualTo(ConcurrencyLimits.Decision.ADMITTED);
		assertThat(this.limits.acquire("c")).isEqualTo(ConcurrencyLimits.Decision.GATEWAY_FULL);
		assertThat(this.limits.inFlight()).isEqualTo(3);
	}

	@Test
	void admitsAgainOnceARequestEnds() {
		this.limits.acquire("a");
		this.limits.acquire("a");
		this.limits.release("a");
		assertThat(this.limits.acquire("a")).isEqualTo(ConcurrencyLimits.Decision.ADMITTED);
	}

	@Test
	void forgetsClientsWithNothingInFlight() {
		this.limits.acquire("a");
		this.limits.acquire("b");
		this.limits.release("a");
		this.limits.release("b");
		assertThat(this.limits.clients()).isZero();
		assertThat(this.limits.inFlight()).isZero();
	}

}
