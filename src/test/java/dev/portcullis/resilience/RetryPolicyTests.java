package dev.portcullis.resilience;

import java.util.Set;

import dev.portcullis.resilience.RetryPolicy.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryPolicyTests {

	private final RetryPolicy policy = new RetryPolicy(3, Set.of(502, 503, 504));

	@ParameterizedTest(name = "{0} {1} {2} attempt {3} -> {4}")
	@CsvSource(textBlock = """
			GET,     NOT_CONNECTED,    0,   1, true
			POST,    NOT_CONNECTED,    0,   1, true
			PATCH,   CONNECT_TIMEOUT,  0,   1, true
			POST,    CONNECT_TIMEOUT,  0,   2, true
			POST,    NOT_CONNECTED,    0,   3, false
			GET,     RESPONSE_TIMEOUT, 0,   1, true
			HEAD,    RESPONSE_TIMEOUT, 0,   1, true
			OPTIONS, BROKEN,           0,   1, true
			PUT,     BROKEN,           0,   2, true
			DELETE,  RESPONSE_TIMEOUT, 0,   1, true
			get,     BROKEN,           0,   1, true
			POST,    RESPONSE_TIMEOUT, 0,   1, false
			POST,    BROKEN,           0,   1, false
			PATCH,   BROKEN,           0,   1, false
			CONNECT, BROKEN,           0,   1, false
			GET,     RESPONSE,         503, 1, true
			PUT,     RESPONSE,         502, 2, true
			GET,     RESPONSE,         504, 3, false
			GET,     RESPONSE,         500, 1, false
			GET,     RESPONSE,         200, 1, false
			GET,     RESPONSE,         429, 1, false
			POST,    RESPONSE,         503, 1, false
			GET,     OTHER,            0,   1, false
			POST,    OTHER,            0,   1, false
			""")
	void decidesByMethodOutcomeAndAttempt(String method, Outcome outcome, int status, int attempt, boolean retry) {
		assertThat(this.policy.shouldRetry(method, outcome, status, attempt)).isEqualTo(retry);
	}

	@Test
	void oneAttemptNeverRetries() {
		RetryPolicy once = new RetryPolicy(1, Set.of(503));
		for (Outcome outcome : Outcome.values()) {
			assertThat(once.shouldRetry("GET", outcome, 503, 1)).isFalse();
		}
	}

	@Test
	void theStatusesAreConfigurable() {
		RetryPolicy on500 = new RetryPolicy(2, Set.of(500));
		assertThat(on500.shouldRetry("GET", Outcome.RESPONSE, 500, 1)).isTrue();
		assertThat(on500.shouldRetry("GET", Outcome.RESPONSE, 503, 1)).isFalse();
		assertThat(on500.isRetryableStatus(500)).isTrue();
	}

	@Test
	void needsAtLeastOneAttempt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(0, Set.of()));
	}

}
