package dev.portcullis.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Global and per-route IP rules through the real gateway, judged on the real client
 * address: the connection's peer (loopback addresses of several clients), or the
 * {@code X-Forwarded-For} hop a trusted proxy vouches for (IPv6 among them). A refused
 * client gets 403 with a problem body, before authentication, and never reaches the
 * upstream.
 */
class IpRulesIntegrationTests {

	private static final String PROXY = "127.0.0.9";

	private static TestUpstream upstream;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		upstream = TestUpstream.start("app");
		String key = HexFormat.of().formatHex(sha256("k"));
		gateway = TestGateway.start(new Routes().route("open", upstream.url(), List.of("Path=/open/**"), List.of())
			.route("inner", upstream.url(), List.of("Path=/inner/**"),
					List.of("IpRules=allow 127.0.0.0/30, allow " + PROXY))
			.route("v6", upstream.url(), List.of("Path=/v6/**"), List.of())
			.with("spring.cloud.gateway.server.webflux.routes[2].filters[0].name", "IpRules")
			.with("spring.cloud.gateway.server.webflux.routes[2].filters[0].args.rules[0]", "allow 2001:db8::/32")
			.with("spring.cloud.gateway.server.webflux.routes[2].filters[0].args.rules[1]", "deny 2001:db8:dead::/48")
			.route("guarded", upstream.url(), List.of("Path=/guarded/**"),
					List.of("Authenticate=keys", "IpRules=allow 127.0.0.1"))
			.with("portcullis.auth.keys.type", "api-key")
			.with("portcullis.auth.keys.keys.ci", key)
			.with("portcullis.forwarding.trusted-proxies[0]", PROXY)
			.with("portcullis.ip-rules.deny[0]", "127.0.0.66")
			.with("portcullis.ip-rules.deny[1]", "2001:db8:bad::/48")
			.properties());
		// The first request to a new gateway is slow (class loading); keep it out of
		// the raw client's short timeout.
		gateway.client().get().uri("/open/warm-up").exchange().expectStatus().isOk().expectBody().consumeWith((b) -> {
		});
	}

	@AfterAll
	static void stop() {
		gateway.close();
		upstream.close();
	}

	@BeforeEach
	void clear() {
		upstream.clear();
	}

	@ParameterizedTest(name = "{0} from {1} (X-Forwarded-For {2}) -> {3}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			/open/x    | 127.0.0.1  | -                | 200
			/open/x    | 127.0.0.66 | -                | 403
			/open/x    | 127.0.0.1  | 127.0.0.66       | 200
			/open/x    | 127.0.0.9  | 127.0.0.66       | 403
			/open/x    | 127.0.0.9  | 2001:db8:bad::7  | 403
			/open/x    | 127.0.0.9  | 2001:db8::7      | 200
			/inner/x   | 127.0.0.2  | -                | 200
			/inner/x   | 127.0.0.5  | -                | 403
			/inner/x   | 127.0.0.9  | 127.0.0.5        | 403
			/inner/x   | 127.0.0.9  | 127.0.0.3        | 200
			/inner/x   | 127.0.0.66 | -                | 403
			/v6/x      | 127.0.0.9  | 2001:db8:1::1    | 200
			/v6/x      | 127.0.0.9  | [2001:db8:1::1]:4711 | 200
			/v6/x      | 127.0.0.9  | 2001:db8:dead::1 | 403
			/v6/x      | 127.0.0.1  | -                | 403
			/v6/x      | 127.0.0.9  | 10.0.0.1         | 403
			/guarded/x | 127.0.0.5  | -                | 403
			/guarded/x | 127.0.0.1  | -                | 401
			""")
	void judgesTheRealClientAddress(String path, String from, String forwardedFor, int status) {
		String forwarded = (forwardedFor != null) ? "X-Forwarded-For: " + forwardedFor + "\r\n" : "";
		RawClient.Answer answer = RawClient.send(gateway.port(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:"
				+ gateway.port() + "\r\n" + forwarded + "Connection: close\r\n\r\n", from);
		assertThat(answer.status()).as(answer.text()).isEqualTo(status);
		if (status == 200) {
			assertThat(upstream.received()).hasSize(1);
		}
		else {
			assertThat(answer.headers()).containsIgnoringCase("Content-Type: application/problem+json");
			assertThat(upstream.received()).isEmpty();
		}
		if (status == 403) {
			assertThat(answer.body()).contains("not allowed");
		}
	}

	private static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
