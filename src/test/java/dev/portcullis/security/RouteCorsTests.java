package dev.portcullis.security;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.web.cors.CorsConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteCorsTests {

	@Test
	void aRouteWithoutCorsMetadataHasNoPolicy() {
		assertThat(RouteCors.of(Map.of("max-body-size", "1MB"))).isNull();
	}

	@Test
	void readsEverySettingFromListsIndexMapsAndCommaSeparatedText() {
		CorsConfiguration config = RouteCors.of(Map.of("cors",
				Map.of("allowed-origins", List.of("https://app.example"), "allowed-methods",
						Map.of("0", "get", "1", "PUT"), "allowed-headers", "Content-Type, X-Trace", "exposed-headers",
						"X-Request-Id", "allow-credentials", "true", "max-age", "1h")));
		assertThat(config).isNotNull();
		assertThat(config.getAllowedOrigins()).containsExactly("https://app.example");
		assertThat(config.getAllowedMethods()).containsExactly("GET", "PUT");
		assertThat(config.getAllowedHeaders()).containsExactly("Content-Type", "X-Trace");
		assertThat(config.getExposedHeaders()).containsExactly("X-Request-Id");
		assertThat(config.getAllowCredentials()).isTrue();
		assertThat(config.getMaxAge()).isEqualTo(3600);
	}

	@Test
	void maxAgeInPlainSecondsAndOriginPatterns() {
		CorsConfiguration config = RouteCors
			.of(Map.of("cors", Map.of("allowed-origin-patterns", "https://*.example", "max-age", "600")));
		assertThat(config.getAllowedOriginPatterns()).containsExactly("https://*.example");
		assertThat(config.getMaxAge()).isEqualTo(600);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			allowed-methods   | GET        | needs allowed-origins
			allow-credentials | yes        | true or false
			max-age           | forever    | not a duration
			allowed-origin    | https://x  | not a CORS setting
			""")
	void refusesABadSettingNamingIt(String key, String value, String problem) {
		assertThatThrownBy(() -> RouteCors.of(Map.of("cors", Map.of(key, value)))).hasMessageContaining(problem);
	}

	@Test
	void refusesCredentialsWithEveryOrigin() {
		assertThatThrownBy(
				() -> RouteCors.of(Map.of("cors", Map.of("allowed-origins", "*", "allow-credentials", "true"))))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("allowCredentials");
	}

	@Test
	void refusesCorsMetadataThatIsNotAMap() {
		assertThatThrownBy(() -> RouteCors.of(Map.of("cors", "yes"))).hasMessageContaining("must be a map");
	}

}
