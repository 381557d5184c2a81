package dev.portcullis.upstream;

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
 * A bad balancing, health-check, ejection or region setting stops start-up naming the
 * property.
 */
@ExtendWith(OutputCaptureExtension.class)
class BalancingStartupFailureTests {

	private static final String GROUP = "portcullis.upstreams.orders.";

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					load-balancing.strategy              | sticky-header | load-balancing.header              | needs the name of a request header
					load-balancing.cookie                | 'a b'         | load-balancing.cookie              | not a valid cookie name
					instances[1].weight                  | 0             | instances[1]                       | outside 1..1000
					health-check.path                    | health        | health-check.path                  | must start with /
					health-check.timeout                 | 10s           | health-check.timeout               | must not be longer than the interval
					health-check.unhealthy-threshold     | 0             | health-check.unhealthy-threshold   | must be at least 1
					outlier-detection.max-ejection-percent | 101         | outlier-detection.max-ejection-percent | within 0..100
					outlier-detection.max-ejection-time  | 1s            | outlier-detection.max-ejection-time | must not be shorter than base-ejection-time
					outlier-detection.failure-statuses   | 302           | outlier-detection.failure-statuses | not a 4xx or 5xx status
					""")
	void aBadGroupSettingStopsStartUpNamingTheProperty(String key, String value, String named, String problem,
			CapturedOutput output) {
		Map<String, String> properties = new HashMap<>();
		properties.put(GROUP + "instances[0].uri", "http://127.0.0.1:9");
		properties.put(GROUP + "instances[1].uri", "http://127.0.0.1:10");
		properties.put(GROUP + key, value);
		assertThatThrownBy(() -> TestGateway.start(properties)).hasStackTraceContaining(GROUP + named);
		assertThat(output).contains("Invalid configuration: " + GROUP + named + ": ").contains(problem);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					portcullis.regions.named.eu.cidrs      | 10.0.0.0/33 | portcullis.regions.named.eu.cidrs[0] | prefix length
					portcullis.regions.named.eu.countries  | DE          | portcullis.regions.named.eu.countries | portcullis.regions.header, which is not set
					spring.cloud.gateway.server.webflux.routes[0].predicates[1] | ClientRegion=asia | routes[*].predicates[ClientRegion] | is not a region of portcullis.regions.named
					""")
	void aBadRegionSettingStopsStartUpNamingTheProperty(String key, String value, String named, String problem,
			CapturedOutput output) {
		Map<String, String> properties = new HashMap<>();
		properties.put("spring.cloud.gateway.server.webflux.routes[0].id", "regional");
		properties.put("spring.cloud.gateway.server.webflux.routes[0].uri", "http://127.0.0.1:9");
		properties.put("spring.cloud.gateway.server.webflux.routes[0].predicates[0]", "Path=/a/**");
		properties.put(key, value);
		assertThatThrownBy(() -> TestGateway.start(properties)).hasStackTraceContaining(named);
		assertThat(output).contains("Invalid configuration: ").contains(named).contains(problem);
	}

}
