package dev.portcullis.errors;

import java.util.List;
import java.util.Map;

import dev.portcullis.testsupport.FreePorts;
import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures answered as RFC 9457 problem documents with the status from
 * {@link GatewayFailure}, and without a stack trace or an upstream address in them.
 */
class ErrorsIntegrationTests {

	private static TestUpstream slow;

	private static int refusingPort;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		slow = TestUpstream.start("slow");
		refusingPort = FreePorts.next();
		Routes routes = new Routes()
			.route("refused", "http://127.0.0.1:" + refusingPort, List.of("Path=/refused/**"), List.of())
			.route("quick-timeout", slow.url(), List.of("Path=/quick/**"), List.of(), Map.of("response-timeout", "200"))
			.route("global-timeout", slow.url(), List.of("Path=/global/**"), List.of())
			.route("patient", slow.url(), List.of("Path=/patient/**"), List.of(), Map.of("response-timeout", "5000"))
			.route("ghost", "lb://ghost", List.of("Path=/ghost/**"), List.of())
			.with("spring.cloud.gateway.server.webflux.httpclient.response-timeout", "1s");
		gateway = TestGateway.start(routes.properties());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		slow.close();
	}

	@Test
	void answers404ProblemWhenNoRouteMatches() {
		EntityExchangeResult<String> result = problem(gateway.client().get().uri("/no/such/route"), 404);
		assertThat(result.getResponseBody()).contains("\"title\":\"Not Found\"", "\"status\":404",
				"\"detail\":\"No route matches this request.\"", "\"instance\":\"/no/such/route\"");
	}

	@Test
	void answers502ProblemWithoutTheUpstreamAddressWhenTheConnectionIsRefused() {
		EntityExchangeResult<String> result = problem(gateway.client().get().uri("/refused/x"), 502);
		assertThat(result.getResponseBody()).contains("\"status\":502", "refused the connection")
			.doesNotContain("127.0.0.1")
			.doesNotContain(String.valueOf(refusingPort));
	}

	@Test
	void answers504ProblemWhenTheRoutesOwnResponseTimeoutPasses() {
		EntityExchangeResult<String> result = problem(gateway.client().get().uri("/quick/x?delayMs=3000"), 504);
		assertThat(result.getResponseBody()).contains("\"status\":504", "did not answer in time");
	}

	@Test
	void answers504WhenTheGlobalResponseTimeoutPasses() {
		problem(gateway.client().get().uri("/global/x?delayMs=4000"), 504);
	}

	@Test
	void aLongerPerRouteTimeoutOverridesTheGlobalOne() {
		gateway.client()
			.get()
			.uri("/patient/x?delayMs=1500")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("slow GET /patient/x");
	}

	@Test
	void answers503ProblemWhenTheGroupHasNoInstance() {
		problem(gateway.client().get().uri("/ghost/x"), 503);
	}

	@Test
	void problemBodiesCarryTheRequestIdOfTheResponse() {
		EntityExchangeResult<String> result = problem(
				gateway.client().get().uri("/missing").header("X-Request-Id", "trace-me-42"), 404);
		assertThat(result.getResponseHeaders().getFirst("X-Request-Id")).isEqualTo("trace-me-42");
		assertThat(result.getResponseBody()).contains("\"requestId\":\"trace-me-42\"");
	}

	private static EntityExchangeResult<String> problem(WebTestClient.RequestHeadersSpec<?> request, int status) {
		EntityExchangeResult<String> result = request.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("Cache-Control", "no-store")
			.expectBody(String.class)
			.returnResult();
		assertThat(result.getResponseBody()).startsWith("{\"type\":\"about:blank\"")
			.doesNotContain("Exception")
			.doesNotContain("\tat ")
			.doesNotContain("trace\":");
		return result;
	}

}
