package dev.portcullis.resilience;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OpenCircuitsTests {

	private static final Instant OPENED = Instant.parse("2026-12-02T10:00:00Z");

	@ParameterizedTest(name = "wait {0} ms, {1} ms later -> {2}")
	@CsvSource(textBlock = """
			10000, 0,     10
			10000, 1,     10
			10000, 999,   10
			10000, 1000,  9
			10000, 9001,  1
			10000, 9999,  1
			10000, 10000, 1
			10000, 60000, 1
			500,   0,     1
			61000, 500,   61
			""")
	void retryAfterIsTheWaitLeftRoundedUpAndAtLeastOneSecond(long waitMillis, long elapsedMillis, long seconds) {
		assertThat(
				OpenCircuits.retryAfterSeconds(OPENED, Duration.ofMillis(waitMillis), OPENED.plusMillis(elapsedMillis)))
			.isEqualTo(seconds);
	}

}
