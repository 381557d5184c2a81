package dev.portcullis.auth;

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
 * A bad authentication profile, IP rule or route reference to either stops start-up with
 * a report that names the property.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuthStartupFailureTests {

	private static final String ROUTE = "spring.cloud.gateway.server.webflux.routes[0]";

	private static final String HASH = "a".repeat(64);

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "-",
			textBlock = """
					filters[0]                     | Authenticate=nobody  | -                          | -          | routes[id=guarded].filters[Authenticate].profile | no auth profile 'nobody'
					portcullis.auth.orders.type    | jwt                  | -                          | -          | portcullis.auth.orders.jwk-set-uri | exactly one of jwk-set-uri and public-key
					portcullis.auth.orders.type    | jwt                  | portcullis.auth.orders.jwk-set-uri | ftp://keys/jwks | portcullis.auth.orders.jwk-set-uri | not an absolute http(s) URI
					portcullis.auth.orders.type    | jwt                  | portcullis.auth.orders.public-key | /no/such/key.pem | portcullis.auth.orders.public-key | cannot read
					portcullis.auth.orders.issuer  | https://issuer.test  | -                          | -          | portcullis.auth.orders.type | set the type
					portcullis.auth.keys.type      | api-key              | -                          | -          | portcullis.auth.keys.keys | at least one key
					portcullis.auth.keys.type      | api-key              | portcullis.auth.keys.keys.ci | abc123   | portcullis.auth.keys.keys.ci | not a SHA-256 hash
					portcullis.auth.keys.type      | api-key              | portcullis.auth.keys.header | 'X Key'   | portcullis.auth.keys.header | not a header name
					portcullis.auth.keys.type      | api-key              | portcullis.auth.keys.subject-header | 'X:Subject' | portcullis.auth.keys.subject-header | not a header name
					portcullis.ip-rules.allow[0]   | 10.0.0.0/33          | -                          | -          | portcullis.ip-rules.allow[0] | prefix length
					portcullis.ip-rules.deny[0]    | gateway.example      | -                          | -          | portcullis.ip-rules.deny[0] | not an IP address
					filters[0]                     | IpRules=10.0.0.0/8   | -                          | -          | routes[id=guarded].filters[IpRules].rules[0] | write allow <CIDR> or deny <CIDR>
					filters[0]                     | IpRules=allow 10.0.0.0/40 | -                     | -          | routes[id=guarded].filters[IpRules].rules[0] | prefix length
					""")
	void aBadSettingStopsStartUpNamingTheProperty(String key, String value, String key2, String value2, String named,
			String problem, CapturedOutput output) {
		Map<String, String> properties = new HashMap<>();
		properties.put(ROUTE + ".id", "guarded");
		properties.put(ROUTE + ".uri", "http://127.0.0.1:9");
		properties.put(ROUTE + ".predicates[0]", "Path=/guarded/**");
		properties.put("portcullis.auth.ci.type", "api-key");
		properties.put("portcullis.auth.ci.keys.robot", HASH);
		properties.put(key.startsWith("filters") ? ROUTE + "." + key : key, value);
		if (key2 != null) {
			properties.put(key2, value2);
		}
		assertThatThrownBy(() -> TestGateway.start(properties)).hasStackTraceContaining(named);
		assertThat(output).contains("Invalid configuration: ").contains(named).contains(problem);
	}

}
