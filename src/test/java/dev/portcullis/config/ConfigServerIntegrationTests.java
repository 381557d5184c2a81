package dev.portcullis.config;

import java.util.List;
import java.util.Map;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestConfigServer;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway that takes its routes and upstream groups from a real Spring Cloud Config
 * Server, and picks up changes through {@code POST /actuator/refresh} without a restart.
 */
class ConfigServerIntegrationTests {

	private static TestUpstream blue;

	private static TestUpstream green;

	private static TestConfigServer configServer;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		blue = TestUpstream.start("blue");
		green = TestUpstream.start("green");
		configServer = TestConfigServer.start(new Routes().group("shop", blue)
			.route("shop", "lb://shop", List.of("Path=/shop/**"), List.of())
			.properties());
		gateway = TestGateway.start(configClient(configServer.url()));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		configServer.close();
		blue.close();
		green.close();
	}

	@Test
	void routesAndGroupsFromTheConfigServerChangeOnRefreshWithoutRestart() {
		assertThat(upstreamOf(gateway.client(), "/shop/item")).isEqualTo("blue");
		gateway.client().get().uri("/catalog/item").exchange().expectStatus().isNotFound().expectBody(Void.class);

		configServer.serve(new Routes().group("shop", green)
			.route("shop", "lb://shop", List.of("Path=/shop/**"), List.of())
			.route("catalog", blue.url(), List.of("Path=/catalog/**"), List.of())
			.properties());
		gateway.admin().post().uri("/actuator/refresh").exchange().expectStatus().isOk().expectBody(String.class);

		assertThat(upstreamOf(gateway.client(), "/shop/item")).isEqualTo("green");
		assertThat(upstreamOf(gateway.client(), "/catalog/item")).isEqualTo("blue");

		configServer.serve(new Routes().with("portcullis.upstreams.shop.instances[0]", "ftp://files.example.test")
			.route("shop", "lb://shop", List.of("Path=/shop/**"), List.of())
			.properties());
		gateway.admin().post().uri("/actuator/refresh").exchange().expectStatus().isOk().expectBody(String.class);

		assertThat(upstreamOf(gateway.client(), "/shop/item")).as("an invalid group change is ignored")
			.isEqualTo("green");
	}

	@Test
	void refreshNeedsTheAdminCredentials() {
		gateway.management()
			.post()
			.uri("/actuator/refresh")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(Void.class);
	}

	@Test
	void gatewayStartsOnItsOwnConfigurationWhenTheNamedConfigServerIsUnreachable() {
		try (TestGateway alone = TestGateway.start(configClient("http://127.0.0.1:1"))) {
			alone.management()
				.get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Void.class);
			alone.client().get().uri("/shop/item").exchange().expectStatus().isNotFound().expectBody(Void.class);
		}
	}

	/**
	 * Names the config server. The Config Server jar on the test classpath switches the
	 * config client off by default (so that a server does not call itself); a gateway
	 * never has that jar, so the test switches the client back on.
	 */
	private static Map<String, String> configClient(String uri) {
		return Map.of("spring.cloud.config.uri", uri, "spring.cloud.config.enabled", "true");
	}

	private static String upstreamOf(WebTestClient client, String path) {
		return client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseHeaders()
			.getFirst("X-Upstream");
	}

}
