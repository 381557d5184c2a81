package dev.portcullis.config;

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
 * A bad {@code portcullis.*} setting stops start-up with a report that names the property
 * and the problem.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					portcullis.upstreams.orders.instances[0] | http://orders-1:8080 | portcullis.upstreams.orders.instances[0] | ok
					portcullis.upstreams.orders.instances[1] | ftp://orders-2      | portcullis.upstreams.orders.instances[1] | not an absolute http(s) URI
					portcullis.upstreams.orders.instances[1] | http://orders 2:80  | portcullis.upstreams.orders.instances[1] | not a valid URI
					portcullis.upstreams.orders.instances[1] | http://orders-2/api | portcullis.upstreams.orders.instances[1] | the route decides the path
					portcullis.upstreams.orders.instances    | ''                  | portcullis.upstreams.orders.instances    | at least one instance
					portcullis.forwarding.trusted-proxies[0] | 10.0.0.0/33         | portcullis.forwarding.trusted-proxies[0] | prefix length
					portcullis.forwarding.trusted-proxies[0] | proxy.example.com   | portcullis.forwarding.trusted-proxies[0] | not an IP address
					portcullis.demo.instances                | 0                   | portcullis.demo.instances                | between 1 and 8
					portcullis.upstreams.web.kubernetes.service | Web_Svc          | portcullis.upstreams.web.kubernetes.service | not a valid Kubernetes Service name
					portcullis.upstreams.web.kubernetes.service | web              | portcullis.upstreams.web.kubernetes.service | needs the gateway to run in a cluster
					portcullis.routing.redis-timeout         | 0s                  | portcullis.routing.redis-timeout         | must be positive
					portcullis.routing.resync-interval       | 10ms                | portcullis.routing.resync-interval       | at least 100ms
					portcullis.routing.routes-file           | /nonexistent/routes.yml | portcullis.routing.routes-file       | cannot read /nonexistent/routes.yml
					portcullis.observability.request-id-header | X Request Id      | portcullis.observability.request-id-header | not a valid HTTP header name
					portcullis.admin.username                | 'ad:min'            | portcullis.admin.username                | must not be blank or contain ':'
					portcullis.hardening.max-header-count    | 0                   | portcullis.hardening.max-header-count    | must be at least 1
					portcullis.hardening.max-header-size     | 100B                | portcullis.hardening.max-header-size     | must be between 1024 and
					portcullis.hardening.max-request-line-length | 10B             | portcullis.hardening.max-request-line-length | must be between 256 and
					portcullis.hardening.max-concurrent-requests-per-client | 20000 | portcullis.hardening.max-concurrent-requests-per-client | must be between 1 and max-concurrent-requests
					portcullis.hardening.max-connections | 0 | portcullis.hardening.max-connections | must be at least 1
					portcullis.hardening.idle-timeout        | 0s                  | portcullis.hardening.idle-timeout        | must be positive
					portcullis.hardening.hidden-response-headers[0] | 'Bad Name'   | portcullis.hardening.hidden-response-headers[0] | not a valid HTTP header name
					""")
	void aBadSettingStopsStartUpNamingTheProperty(String key, String value, String named, String problem,
			CapturedOutput output) {
		Map<String, String> properties = new HashMap<>();
		properties.put("portcullis.upstreams.orders.instances[0]", "http://orders-1:8080");
		properties.put("portcullis.demo.enabled", "true");
		properties.put(key, value);
		if (problem.equals("ok")) {
			TestGateway.start(properties).close();
			return;
		}
		assertThatThrownBy(() -> TestGateway.start(properties)).hasStackTraceContaining(named);
		assertThat(output).contains("Invalid configuration: " + named + ": ").contains(problem);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			portcullis.routing.store           | sometimes
			portcullis.observability.access-log | maybe
			""")
	void aValueOfTheWrongTypeStopsStartUpNamingTheProperty(String key, String value, CapturedOutput output) {
		Map<String, String> properties = new HashMap<>();
		properties.put(key, value);
		assertThatThrownBy(() -> TestGateway.start(properties)).hasStackTraceContaining(key);
		assertThat(output).contains("Failed to bind properties under '" + key + "'").contains(value);
	}

}
