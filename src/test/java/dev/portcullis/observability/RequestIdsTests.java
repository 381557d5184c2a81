package dev.portcullis.observability;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTests {

	private static final String GENERATED = "[0-9a-f]{32}";

	@ParameterizedTest
	@ValueSource(strings = { "a", "req_2026_11_27", "0af7651916cd43dd8448eb211c80319c",
			"f47ac10b-58cc-4372-a567-0e02b2c3d479", "trace:1/2+3=4@edge.example",
			"Root=1-5759e988-bd862e3fe1be46a994272793" })
	void keepsASaneId(String id) {
		assertThat(RequestIds.acceptOrGenerate(List.of(id))).isEqualTo(id);
	}

	@Test
	void keepsAnIdOfExactly128Characters() {
		String longest = "a".repeat(128);
		assertThat(RequestIds.isSane(longest)).isTrue();
		assertThat(RequestIds.acceptOrGenerate(List.of(longest))).isEqualTo(longest);
	}

	@ParameterizedTest
	@MethodSource("insaneIds")
	void replacesAnInsaneId(String id) {
		assertThat(RequestIds.isSane(id)).isFalse();
		assertThat(RequestIds.acceptOrGenerate(List.of(id))).matches(GENERATED);
	}

	static Stream<String> insaneIds() {
		return Stream.of("", "a".repeat(129), "has space", "line\nbreak", "header\r\nX-Injected: 1", "tab\t", "quote\"",
				"semi;colon", "<script>", "comma,separated", "caf\u00e9", "nul\u0000");
	}

	@Test
	void replacesMissingId() {
		assertThat(RequestIds.acceptOrGenerate(List.of())).matches(GENERATED);
	}

	@Test
	void replacesMoreThanOneId() {
		String id = RequestIds.acceptOrGenerate(List.of("first", "second"));
		assertThat(id).matches(GENERATED).isNotIn("first", "second");
	}

	@Test
	void generatesIdsOf32LowercaseHexDigits() {
		assertThat(RequestIds.generate()).matches(GENERATED);
		assertThat(RequestIds.isSane(RequestIds.generate())).isTrue();
	}

	@Test
	void generatesADifferentIdEachTime() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			ids.add(RequestIds.generate());
		}
		assertThat(ids).hasSize(1000);
	}

	@Test
	void generatesIdsThatUseEveryHexDigitInEveryPosition() {
		// A shift or mask slip would pin some positions to one digit
		Set<Character> first = new HashSet<>();
		Set<Character> middle = new HashSet<>();
		Set<Character> last = new HashSet<>();
		for (int i = 0; i < 2000; i++) {
			String id = RequestIds.generate();
			first.add(id.charAt(0));
			middle.add(id.charAt(16));
			last.add(id.charAt(31));
		}
		assertThat(first).hasSize(16);
		assertThat(middle).hasSize(16);
		assertThat(last).hasSize(16);
	}

}
