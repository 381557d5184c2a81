package dev.portcullis.security;

import java.util.List;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port: open probes and metrics, admin-only gateway endpoints, live route
 * changes, and nothing of it on the public port.
 */
class AdminIntegrationTests {

	private static TestUpstream upstream;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		upstream = TestUpstream.start("live");
		gateway = TestGateway.start(new Routes().group("live", upstream)
			.route("static", upstream.url(), List.of("Path=/static/**"), List.of())
			.properties());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		upstream.close();
	}

	@Test
	void healthAndItsProbeGroupsAreOpenWithoutCredentials() {
		for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			gateway.management()
				.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP");
		}
	}

	@Test
	void infoAndPrometheusAreOpenWithoutCredentials() {
		gateway.management()
			.get()
			.uri("/actuator/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.app.name")
			.isEqualTo("Portcullis");
		gateway.management()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("jvm_memory_used_bytes"));
	}

	@Test
	void gatewayEndpointsNeedTheAdminCredentials() {
		gateway.management()
			.get()
			.uri("/actuator/gateway/routes")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueMatches("WWW-Authenticate", "Basic.*")
			.expectBody(Void.class);
		gateway.management()
			.get()
			.uri("/actuator/gateway/routes")
			.headers((h) -> h.setBasicAuth("admin", "wrong-password"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(Void.class);
		gateway.admin()
			.get()
			.uri("/actuator/gateway/routes")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[?(@.route_id == 'static')]")
			.exists();
	}

	@Test
	void healthDetailsNeedTheAdminAndShowNoRedisWhenNoneIsNamed() {
		gateway.management()
			.get()
			.uri("/actuator/health")
			.exchange()
			.expectBody()
			.jsonPath("$.components")
			.doesNotExist();
		gateway.admin()
			.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.ping")
			.exists()
			.jsonPath("$.components.redis")
			.doesNotExist()
			.jsonPath("$.components.discoveryComposite")
			.doesNotExist()
			.jsonPath("$.components.reactiveDiscoveryClients")
			.doesNotExist();
	}

	@Test
	void aRouteCreatedThroughActuatorServesTrafficAfterRefreshAndStopsAfterDelete() {
		gateway.client().get().uri("/live/hello").exchange().expectStatus().isNotFound().expectBody(Void.class);
		String definition = """
				{"uri": "lb://live",
				 "predicates": [{"name": "Path", "args": {"_genkey_0": "/live/**"}}],
				 "filters": [{"name": "StripPrefix", "args": {"_genkey_0": "1"}}]}
				""";
		gateway.admin()
			.post()
			.uri("/actuator/gateway/routes/live")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(definition)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Void.class);
		gateway.admin().post().uri("/actuator/gateway/refresh").exchange().expectStatus().isOk().expectBody(Void.class);
		gateway.client()
			.get()
			.uri("/live/hello")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("live GET /hello");

		gateway.admin()
			.delete()
			.uri("/actuator/gateway/routes/live")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		gateway.admin().post().uri("/actuator/gateway/refresh").exchange().expectStatus().isOk().expectBody(Void.class);
		gateway.client().get().uri("/live/hello").exchange().expectStatus().isNotFound().expectBody(Void.class);
	}

	@Test
	void creatingARouteNeedsTheAdminCredentials() {
		gateway.management()
			.post()
			.uri("/actuator/gateway/routes/sneaky")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(
					"{\"uri\":\"http://127.0.0.1:1\",\"predicates\":[{\"name\":\"Path\",\"args\":{\"_genkey_0\":\"/**\"}}]}")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(Void.class);
		gateway.admin()
			.get()
			.uri("/actuator/gateway/routes/sneaky")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(Void.class);
	}

	@Test
	void noActuatorEndpointIsReachableThroughThePublicPort() {
		for (String path : List.of("/actuator", "/actuator/health", "/actuator/gateway/routes",
				"/actuator/prometheus")) {
			gateway.client().get().uri(path).exchange().expectStatus().isNotFound().expectBody(Void.class);
		}
		gateway.client()
			.get()
			.uri("/actuator/gateway/routes")
			.headers((h) -> h.setBasicAuth("admin", TestGateway.ADMIN_PASSWORD))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(Void.class);
	}

}
