package dev.portcullis.observability;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log's duration: milliseconds with exactly three decimals.
 */
class AccessLogFilterTests {

	@ParameterizedTest
	@CsvSource(textBlock = """
			0, 0.000
			5, 0.005
			99, 0.099
			100, 0.100
			1000, 1.000
			12345, 12.345
			60000007, 60000.007
			""")
	void writesMillisecondsWithThreeDecimals(long micros, String expected) {
		StringBuilder line = new StringBuilder();
		AccessLogFilter.appendMillis(line, micros);
		assertThat(line).hasToString(expected);
		assertThat(line.toString()).isEqualTo(String.format("%d.%03d", micros / 1000, micros % 1000));
	}

}
