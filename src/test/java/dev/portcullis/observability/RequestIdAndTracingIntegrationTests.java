package dev.portcullis.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.portcullis.testsupport.AccessLogCapture;
import dev.portcullis.testsupport.FreePorts;
import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Request ids, W3C trace context and the access log, as the upstream and the operator see
 * them.
 */
class RequestIdAndTracingIntegrationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static TestUpstream upstream;

	private static TestGateway gateway;

	private static TestGateway quiet;

	private AccessLogCapture accessLog;

	@BeforeAll
	static void start() {
		upstream = TestUpstream.start("backend");
		Routes routes = new Routes()
			.route("refused", "http://127.0.0.1:" + FreePorts.next(), List.of("Path=/refused/**"), List.of())
			.route("backend", upstream.url(), List.of("Path=/**"), List.of());
		gateway = TestGateway.start(routes.properties());
		Map<String, String> quietProperties = routes.with("portcullis.observability.access-log", "false").properties();
		quiet = TestGateway.start(quietProperties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		quiet.close();
		upstream.close();
	}

	@BeforeEach
	void capture() {
		upstream.clear();
		this.accessLog = AccessLogCapture.attach();
	}

	@AfterEach
	void release() {
		this.accessLog.close();
	}

	@Test
	void keepsASaneClientRequestIdUpstreamAndInTheResponse() {
		gateway.client()
			.get()
			.uri("/id")
			.header("X-Request-Id", "client-id-123")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Request-Id", "client-id-123")
			.expectBody(Void.class);
		assertThat(upstream.lastReceived().headers().get("X-Request-Id")).containsExactly("client-id-123");
	}

	@Test
	void replacesAnInsaneRequestIdWithAGeneratedOneThatUpstreamAndClientShare() {
		String returned = gateway.client()
			.get()
			.uri("/id")
			.header("X-Request-Id", "bad id; with spaces\tand tabs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class)
			.returnResult()
			.getResponseHeaders()
			.getFirst("X-Request-Id");
		assertThat(returned).matches("[0-9a-f]{32}");
		assertThat(upstream.lastReceived().headers().get("X-Request-Id")).containsExactly(returned);
	}

	@Test
	void generatesARequestIdWhenTheClientSendsNone() {
		String returned = gateway.client()
			.get()
			.uri("/id")
			.exchange()
			.expectBody(Void.class)
			.returnResult()
			.getResponseHeaders()
			.getFirst("X-Request-Id");
		assertThat(returned).matches("[0-9a-f]{32}");
		assertThat(upstream.lastReceived().headers().getFirst("X-Request-Id")).isEqualTo(returned);
	}

	@Test
	void propagatesTheClientsTraceToTheUpstreamAndLogsItInTheAccessLine() {
		gateway.client()
			.get()
			.uri("/traced?secret=hidden")
			.header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
			.header("X-Request-Id", "traced-request")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		String traceparent = upstream.lastReceived().headers().getFirst("traceparent");
		assertThat(traceparent).startsWith("00-" + TRACE_ID + "-").doesNotContain("00f067aa0ba902b7");
		String line = awaitLine("request_id=traced-request");
		assertThat(line).startsWith("client=127.0.0.1 ")
			.contains("method=GET", "path=/traced", "status=200", "route=backend",
					"upstream=127.0.0.1:" + upstream.port(), "bytes=" + "backend GET /traced".length(),
					"trace_id=" + TRACE_ID);
		assertThat(line).doesNotContain("secret").containsPattern("duration_ms=\\d+\\.\\d{3}");
	}

	@Test
	void logsFailedRequestsWithTheStatusTheClientGot() {
		gateway.client()
			.get()
			.uri("/status/503")
			.header("X-Request-Id", "failing-upstream")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody(Void.class);
		assertThat(awaitLine("request_id=failing-upstream")).contains("status=503", "route=backend");
	}

	@Test
	void writesNoAccessLineWhenTheAccessLogIsSwitchedOff() {
		quiet.client()
			.get()
			.uri("/quiet")
			.header("X-Request-Id", "quiet-request")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		gateway.client()
			.get()
			.uri("/loud")
			.header("X-Request-Id", "loud-request")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		awaitLine("request_id=loud-request");
		assertThat(this.accessLog.linesWith("quiet-request")).isEmpty();
	}

	@Test
	void rendersProblemDetailsAlsoWhenTheAccessLogIsSwitchedOff() {
		quiet.client()
			.get()
			.uri("/refused/x")
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(502);
	}

	@Test
	void doesNotLogManagementRequests() {
		gateway.management().get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody(Void.class);
		gateway.client()
			.get()
			.uri("/after")
			.header("X-Request-Id", "after-health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		awaitLine("request_id=after-health");
		assertThat(this.accessLog.lines()).noneMatch((line) -> line.contains("/actuator/health"));
	}

	private String awaitLine(String text) {
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.accessLog.linesWith(text).isEmpty());
		List<String> lines = this.accessLog.linesWith(text);
		assertThat(lines).hasSize(1);
		return lines.get(0);
	}

}
