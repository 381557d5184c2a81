package dev.portcullis.resilience;

import java.util.HashMap;
import java.util.Map;

import dev.portcullis.testsupport.TestGateway;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bad retry, circuit breaker, pool or shutdown setting stops start-up with a report
 * that names the property and the problem.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResilienceStartupFailureTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			portcullis.retries.attempts                   | 0     | must be between 1 and 10
			portcullis.retries.statuses[0]                | 99    | not an HTTP status code
			portcullis.retries.max-backoff                | 1ms   | must not be below first-backoff
			portcullis.retries.budget-percent             | 150   | must be between 0 and 100
			portcullis.retries.min-retries-per-second     | -1    | must not be negative
			portcullis.retries.budget-window              | 500ms | must be between 1s and 300s
			portcullis.circuit-breaker.failure-rate-threshold | 0 | must be above 0 and at most 100
			portcullis.circuit-breaker.sliding-window-size | 0    | must be at least 1
			portcullis.circuit-breaker.wait-in-open       | 0s    | must be at least 1ms
			portcullis.circuit-breaker.half-open-calls    | 0     | must be at least 1
			portcullis.upstream-pool.max-connections      | 0     | must be at least 1
			portcullis.upstream-pool.max-idle-time        | 0s    | must be positive
			portcullis.upstream-pool.evict-in-background  | -1s   | must not be negative
			portcullis.shutdown.readiness-delay           | 10m   | must be between 0s and 5m
			""")
	void aBadSettingStopsStartUpNamingTheProperty(String key, String value, String problem, CapturedOutput output) {
		Map<String, String> properties = new HashMap<>();
		properties.put(key, value);
		assertThatThrownBy(() -> TestGateway.start(properties)).hasStackTraceContaining(key);
		assertThat(output).contains("Invalid configuration: " + key + ": ").contains(problem);
	}

}
