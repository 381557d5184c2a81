package dev.portcullis.ratelimit;

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
 * A bad rate-limit setting, global or on a route, stops start-up naming the property.
 */
@ExtendWith(OutputCaptureExtension.class)
class RateLimitStartupFailureTests {

	private static final String ROUTE = "spring.cloud.gateway.server.webflux.routes[0]";

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					portcullis.ratelimit.replicas | 0              | portcullis.ratelimit.replicas | at least 1
					portcullis.ratelimit.key      | claim:         | portcullis.ratelimit.key      | is not a key
					portcullis.ratelimit.key      | cookie:x       | portcullis.ratelimit.key      | is not a key
					filters[0]                    | RateLimit=100/500ms | routes[id=limited].filters[RateLimit].limits | whole seconds
					filters[0]                    | RateLimit=lots | routes[id=limited].filters[RateLimit].limits | is not a limit
					""")
	void aBadSettingStopsStartUpNamingTheProperty(String key, String value, String named, String problem,
			CapturedOutput output) {
		Map<String, String> properties = new HashMap<>();
		properties.put(ROUTE + ".id", "limited");
		properties.put(ROUTE + ".uri", "http://127.0.0.1:9");
		properties.put(ROUTE + ".predicates[0]", "Path=/limited/**");
		properties.put(key.startsWith("filters") ? ROUTE + "." + key : key, value);
		assertThatThrownBy(() -> TestGateway.start(properties)).hasStackTraceContaining(named);
		assertThat(output).contains("Invalid configuration: ").contains(named).contains(problem);
	}

}
