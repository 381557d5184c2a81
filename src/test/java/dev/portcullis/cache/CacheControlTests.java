package dev.portcullis.cache;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CacheControlTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			max-age=60                         | max-age   | 60
			MAX-AGE=60                         | max-age   | 60
			public, max-age=60                 | max-age   | 60
			max-age="60"                       | max-age   | 60
			max-age=60, max-age=10             | max-age   | 10
			max-age=10, max-age=60             | max-age   | 10
			min-fresh=10, min-fresh=60         | min-fresh | 60
			max-age=abc                        | max-age   | 0
			max-age=                           | max-age   | 0
			max-age                            | max-age   | 0
			max-age=-5                         | max-age   | 0
			max-age=99999999999999             | max-age   | 2147483648
			s-maxage=5, max-age=60             | s-maxage  | 5
			""")
	void readsDeltaSecondsTakingTheMostRestrictiveDuplicate(String header, String directive, long seconds) {
		assertThat(CacheControl.parse(List.of(header)).seconds(directive)).isEqualTo(seconds);
	}

	@Test
	void absentDirectiveHasNoSeconds() {
		assertThat(CacheControl.parse(List.of("public")).seconds("max-age")).isNull();
	}

	@Test
	void quotedStringsMayHoldCommasAndEscapes() {
		CacheControl directives = CacheControl.parse(List.of("private=\"Set-Cookie, X-A\", ext=\"a\\\"b\", max-age=5"));
		assertThat(directives.argument("private")).isEqualTo("Set-Cookie, X-A");
		assertThat(directives.argument("ext")).isEqualTo("a\"b");
		assertThat(directives.seconds("max-age")).isEqualTo(5);
	}

	@Test
	void combinesLinesAndIgnoresEmptyMembers() {
		CacheControl directives = CacheControl.parse(List.of("no-cache,, ", " No-Store"));
		assertThat(directives.has("no-cache")).isTrue();
		assertThat(directives.has("no-store")).isTrue();
		assertThat(directives.has("public")).isFalse();
	}

}
