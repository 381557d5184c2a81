package dev.portcullis.json;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonStringsTests {

	private final JsonMapper mapper = JsonMapper.shared();

	@ParameterizedTest(name = "{0}")
	@MethodSource("literals")
	void quotesAndEscapes(String name, String value, String expected) {
		assertThat(JsonStrings.quote(value)).isEqualTo(expected);
	}

	static Stream<Arguments> literals() {
		return Stream.of(Arguments.of("plain", "plain", "\"plain\""), Arguments.of("empty", "", "\"\""),
				Arguments.of("quote", "say \"hi\"", "\"say \\\"hi\\\"\""),
				Arguments.of("backslash", "C:\\temp", "\"C:\\\\temp\""),
				Arguments.of("escaped quote stays escaped", "\\\"", "\"\\\\\\\"\""),
				Arguments.of("newline", "a\nb", "\"a\\nb\""), Arguments.of("carriage return", "a\rb", "\"a\\rb\""),
				Arguments.of("tab", "a\tb", "\"a\\tb\""), Arguments.of("nul", "\u0000", "\"\\u0000\""),
				Arguments.of("backspace", "\b", "\"\\u0008\""), Arguments.of("form feed", "\f", "\"\\u000c\""),
				Arguments.of("unit separator", "\u001f", "\"\\u001f\""),
				Arguments.of("line separator", "\u2028", "\"\\u2028\""),
				Arguments.of("paragraph separator", "\u2029", "\"\\u2029\""),
				Arguments.of("space and delete kept", " \u007f", "\" \u007f\""),
				Arguments.of("slash kept", "</script>", "\"</script>\""),
				Arguments.of("non-ASCII kept", "caf\u00e9 \uD83D\uDE80", "\"caf\u00e9 \uD83D\uDE80\""));
	}

	@Test
	void producesValidJsonForEveryCharacter() {
		StringBuilder all = new StringBuilder();
		for (char c = 0; c < 0x3000; c++) {
			if (!Character.isSurrogate(c)) {
				all.append(c);
			}
		}
		all.append("\uD83D\uDE80\uFFFD");
		String value = all.toString();
		String quoted = JsonStrings.quote(value);
		assertThat(quoted.chars().filter((c) -> c < 0x20 || c == 0x2028 || c == 0x2029)).isEmpty();
		assertThat(this.mapper.readValue(quoted, String.class)).isEqualTo(value);
	}

	@Test
	void appendsToWhatIsAlreadyInTheBuilder() {
		StringBuilder json = new StringBuilder("{\"a\":");
		StringBuilder returned = JsonStrings.append(json, "x\"y");
		assertThat(returned).isSameAs(json);
		assertThat(json).hasToString("{\"a\":\"x\\\"y\"");
	}

}
