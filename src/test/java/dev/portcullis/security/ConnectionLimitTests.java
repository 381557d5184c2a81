package dev.portcullis.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionLimitTests {

	@Test
	void countsUpToTheLimitAndMakesRoomWhenOneCloses() {
		ConnectionLimit limit = new ConnectionLimit(2);
		assertThat(limit.tryOpen()).isTrue();
		assertThat(limit.tryOpen()).isTrue();
		assertThat(limit.tryOpen()).isFalse();
		assertThat(limit.open()).isEqualTo(2);
		limit.closed();
		assertThat(limit.open()).isEqualTo(1);
		assertThat(limit.tryOpen()).isTrue();
		assertThat(limit.tryOpen()).isFalse();
	}

	@Test
	void aRefusedConnectionIsNotCounted() {
		ConnectionLimit limit = new ConnectionLimit(1);
		assertThat(limit.tryOpen()).isTrue();
		for (int i = 0; i < 5; i++) {
			assertThat(limit.tryOpen()).isFalse();
		}
		limit.closed();
		assertThat(limit.open()).isZero();
		assertThat(limit.tryOpen()).isTrue();
	}

}
