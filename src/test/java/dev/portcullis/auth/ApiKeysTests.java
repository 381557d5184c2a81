package dev.portcullis.auth;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTests {

	private final ApiKeys keys = keys();

	private static ApiKeys keys() {
		Map<String, byte[]> hashes = new LinkedHashMap<>();
		hashes.put("ci", ApiKeys.sha256("ci-secret"));
		hashes.put("robot", ApiKeys.sha256("robot-secret"));
		return new ApiKeys(hashes);
	}

	@Test
	void namesTheKeyPresented() {
		assertThat(this.keys.subjectOf("ci-secret")).isEqualTo("ci");
		assertThat(this.keys.subjectOf("robot-secret")).isEqualTo("robot");
	}

	@Test
	void refusesUnknownEmptyAndMissingKeys() {
		assertThat(this.keys.subjectOf("ci-secret ")).isNull();
		assertThat(this.keys.subjectOf("CI-SECRET")).isNull();
		assertThat(this.keys.subjectOf("")).isNull();
		assertThat(this.keys.subjectOf(null)).isNull();
	}

	@Test
	void hashesAsSha256sumDoes() {
		// printf %s abc | sha256sum
		assertThat(HexFormat.of().formatHex(ApiKeys.sha256("abc")))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

}
