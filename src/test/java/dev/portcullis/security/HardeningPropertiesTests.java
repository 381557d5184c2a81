package dev.portcullis.security;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * How configured and per-route security headers combine with the defaults.
 */
class HardeningPropertiesTests {

	@Test
	void keepsTheDefaultsAndAddsConfiguredHeaders() {
		Map<String, String> headers = HardeningProperties.withOverrides(HardeningProperties.DEFAULT_SECURITY_HEADERS,
				Map.of("Cross-Origin-Opener-Policy", "same-origin"));
		assertThat(headers).contains(entry("X-Content-Type-Options", "nosniff"), entry("X-Frame-Options", "DENY"),
				entry("Cross-Origin-Opener-Policy", "same-origin"));
	}

	@Test
	void overridesADefaultWhateverTheCaseOfItsName() {
		Map<String, String> headers = HardeningProperties.withOverrides(HardeningProperties.DEFAULT_SECURITY_HEADERS,
				Map.of("x-frame-options", " SAMEORIGIN "));
		assertThat(headers.get("X-Frame-Options")).isEqualTo("SAMEORIGIN");
		assertThat(headers).hasSize(3);
	}

	@Test
	void blanksADefaultWithAnEmptyValue() {
		Map<String, String> headers = HardeningProperties.withOverrides(HardeningProperties.DEFAULT_SECURITY_HEADERS,
				Map.of("referrer-policy", ""));
		assertThat(headers.get("Referrer-Policy")).isEmpty();
	}

}
