package dev.portcullis.cache;

import java.time.Duration;

import dev.portcullis.config.InvalidPropertyException;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CachePropertiesTests {

	private static CacheProperties with(DataSize maxObjectSize, Duration redisTimeout, Duration staleIfError,
			double heuristicFraction) {
		return with(maxObjectSize, redisTimeout, staleIfError, heuristicFraction, Duration.ofSeconds(120));
	}

	private static CacheProperties with(DataSize maxObjectSize, Duration redisTimeout, Duration staleIfError,
			double heuristicFraction, Duration uncacheableTtl) {
		return new CacheProperties(true, CacheProperties.Store.MEMORY, maxObjectSize, DataSize.ofMegabytes(64),
				redisTimeout, staleIfError, false, heuristicFraction, Duration.ofHours(24), Duration.ofMinutes(10),
				true, Duration.ofSeconds(3), Duration.ofSeconds(30), uncacheableTtl);
	}

	@Test
	void rejectsANegativeUncacheableTtlAndAcceptsZero() {
		assertThatExceptionOfType(InvalidPropertyException.class).isThrownBy(
				() -> with(DataSize.ofMegabytes(1), Duration.ofMillis(50), Duration.ZERO, 0.1, Duration.ofSeconds(-1)))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("portcullis.cache.uncacheable-ttl"));
		assertThat(with(DataSize.ofMegabytes(1), Duration.ofMillis(50), Duration.ZERO, 0.1, Duration.ZERO)
			.uncacheableTtl()).isZero();
	}

	@Test
	void acceptsTheDefaults() {
		assertThat(with(DataSize.ofMegabytes(1), Duration.ofMillis(50), Duration.ZERO, 0.1).maxObjectSize())
			.isEqualTo(DataSize.ofMegabytes(1));
	}

	@Test
	void namesThePropertyOfABadValue() {
		assertThatExceptionOfType(InvalidPropertyException.class)
			.isThrownBy(() -> with(DataSize.ofBytes(0), Duration.ofMillis(50), Duration.ZERO, 0.1))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("portcullis.cache.max-object-size"));
		assertThatExceptionOfType(InvalidPropertyException.class)
			.isThrownBy(() -> with(DataSize.ofMegabytes(1), Duration.ZERO, Duration.ZERO, 0.1))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("portcullis.cache.redis-timeout"));
		assertThatExceptionOfType(InvalidPropertyException.class)
			.isThrownBy(() -> with(DataSize.ofMegabytes(1), Duration.ofMillis(50), Duration.ofSeconds(-1), 0.1))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("portcullis.cache.stale-if-error"));
		assertThatExceptionOfType(InvalidPropertyException.class)
			.isThrownBy(() -> with(DataSize.ofMegabytes(1), Duration.ofMillis(50), Duration.ZERO, 1.5))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("portcullis.cache.heuristic-fraction"));
	}

}
