package dev.portcullis.security;

import java.util.List;
import java.util.Map;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CORS per route from route metadata, through the real gateway: a preflight is answered
 * by the gateway and never forwarded; an allowed origin gets the route's
 * {@code Access-Control-*} headers (over the upstream's own); a refused origin or method
 * gets 403 with a problem body; a route without a policy is untouched.
 */
class RouteCorsIntegrationTests {

	private static final String APP = "https://app.example";

	private static TestUpstream upstream;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		upstream = TestUpstream.start("api");
		gateway = TestGateway.start(new Routes()
			.route("cors", upstream.url(), List.of("Path=/api/**"), List.of(),
					Map.of("cors.allowed-origins[0]", APP, "cors.allowed-methods[0]", "GET", "cors.allowed-methods[1]",
							"PUT", "cors.allowed-headers[0]", "Content-Type", "cors.exposed-headers[0]", "X-Upstream",
							"cors.allow-credentials", "true", "cors.max-age", "10m"))
			.route("plain", upstream.url(), List.of("Path=/plain/**"), List.of())
			.route("broken", upstream.url(), List.of("Path=/broken/**"), List.of(),
					Map.of("cors.allowed-origins[0]", APP, "cors.max-age", "forever"))
			.properties());
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

	@Test
	void answersAnAllowedPreflightItselfWithTheRoutePolicy() {
		gateway.client()
			.options()
			.uri("/api/orders")
			.header(HttpHeaders.ORIGIN, APP)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PUT")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, APP)
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600")
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, (methods) -> assertThat(methods).contains("PUT"))
			.expectBody()
			.isEmpty();
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void refusesAPreflightFromAnotherOriginOrForAnotherMethodWith403() {
		expect403(APP.replace("app", "evil"), "GET");
		expect403(APP, "DELETE");
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void addsTheRouteHeadersToAnAllowedRequestOverTheUpstreamOwn() {
		gateway.client()
			.get()
			.uri("/api/orders?respondHeader=Access-Control-Allow-Origin:*")
			.header(HttpHeaders.ORIGIN, APP)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, APP)
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, "X-Upstream")
			.expectBody(String.class)
			.isEqualTo("api GET /api/orders");
	}

	@Test
	void refusesAnActualRequestFromAnotherOriginWithoutForwardingIt() {
		gateway.client()
			.get()
			.uri("/api/orders")
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("CORS policy"));
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void leavesARouteWithoutPolicyAlone() {
		gateway.client()
			.get()
			.uri("/plain/x")
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
			.expectBody(String.class)
			.isEqualTo("api GET /plain/x");
	}

	@Test
	void aRouteWithBadCorsMetadataAnswers500RatherThanGuessAPolicy() {
		gateway.client()
			.get()
			.uri("/broken/x")
			.header(HttpHeaders.ORIGIN, APP)
			.exchange()
			.expectStatus()
			.isEqualTo(500)
			.expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain("forever"));
		assertThat(upstream.received()).isEmpty();
	}

	private static void expect403(String origin, String method) {
		gateway.client()
			.options()
			.uri("/api/orders")
			.header(HttpHeaders.ORIGIN, origin)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, method)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("CORS policy"));
	}

}
