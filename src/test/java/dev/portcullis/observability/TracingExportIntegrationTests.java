package dev.portcullis.observability;

import java.time.Duration;
import java.util.List;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spans leave the gateway over OTLP only when an endpoint is configured.
 */
class TracingExportIntegrationTests {

	private static TestUpstream upstream;

	private static TestUpstream collector;

	private static TestGateway exporting;

	private static TestGateway silent;

	@BeforeAll
	static void start() {
		upstream = TestUpstream.start("backend");
		collector = TestUpstream.start("collector");
		Routes routes = new Routes().route("backend", upstream.url(), List.of("Path=/**"), List.of());
		silent = TestGateway.start(routes.properties());
		exporting = TestGateway
			.start(routes.with("management.opentelemetry.tracing.export.otlp.endpoint", collector.url() + "/v1/traces")
				.with("management.opentelemetry.tracing.export.schedule-delay", "100ms")
				.with("management.tracing.sampling.probability", "1.0")
				.properties());
	}

	@AfterAll
	static void stop() {
		exporting.close();
		silent.close();
		upstream.close();
		collector.close();
	}

	@Test
	void exportsSpansOfProxiedRequestsToTheConfiguredOtlpEndpoint() {
		exporting.client().get().uri("/exported").exchange().expectStatus().isOk().expectBody(Void.class);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> collector.received().stream().anyMatch((r) -> r.uri().equals("/v1/traces")));
		TestUpstream.Received export = collector.received()
			.stream()
			.filter((r) -> r.uri().equals("/v1/traces"))
			.findFirst()
			.orElseThrow();
		assertThat(export.method()).isEqualTo("POST");
		assertThat(export.headers().getFirst("Content-Type")).isEqualTo("application/x-protobuf");
		assertThat(export.body()).contains("portcullis");
	}

	@Test
	void hasNoOtlpExporterWhenNoEndpointIsConfigured() {
		assertThat(silent.context().getBeansOfType(SpanExporter.class).values())
			.noneMatch((exporter) -> exporter instanceof OtlpHttpSpanExporter);
		assertThat(exporting.context().getBeansOfType(SpanExporter.class).values())
			.anyMatch((exporter) -> exporter instanceof OtlpHttpSpanExporter);
	}

}
