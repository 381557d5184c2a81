package dev.portcullis.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Closing the gateway (as SIGTERM does) while requests are in flight: readiness turns
 * DOWN first, the gateway keeps serving for the readiness delay, every in-flight request
 * completes, and then new connections are refused.
 */
class GracefulShutdownIntegrationTests {

	@Test
	void readinessTurnsDownFirstThenEveryInFlightRequestCompletesThenConnectionsAreRefused() throws Exception {
		try (TestUpstream slow = TestUpstream.start("slow")) {
			Map<String, String> properties = new Routes()
				.route("slow", slow.url(), List.of("Path=/slow/**"), List.of("StripPrefix=1"))
				.with("portcullis.shutdown.readiness-delay", "2s")
				.properties();
			TestGateway gateway = TestGateway.start(properties);
			int port = gateway.port();
			WebTestClient management = gateway.management();
			WebClient client = WebClient.create(gateway.url());
			ApplicationAvailability availability = gateway.context().getBean(ApplicationAvailability.class);

			List<CompletableFuture<ResponseEntity<String>>> inFlight = IntStream.range(0, 5)
				.mapToObj((i) -> client.get().uri("/slow/x?delayMs=3000").retrieve().toEntity(String.class).toFuture())
				.toList();
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(20))
				.untilAsserted(() -> assertThat(slow.received()).hasSize(5));
			assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);

			CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(20))
				.untilAsserted(
						() -> assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC));
			management.get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody(String.class)
				.value((body) -> assertThat(body).contains("OUT_OF_SERVICE"));
			ResponseEntity<String> duringDelay = client.get()
				.uri("/slow/new")
				.retrieve()
				.toEntity(String.class)
				.block(Duration.ofSeconds(10));
			assertThat(duringDelay.getBody()).isEqualTo("slow GET /new");

			closing.get(60, TimeUnit.SECONDS);
			for (CompletableFuture<ResponseEntity<String>> request : inFlight) {
				ResponseEntity<String> response = request.get(10, TimeUnit.SECONDS);
				assertThat(response.getStatusCode().value()).isEqualTo(200);
				assertThat(response.getBody()).isEqualTo("slow GET /x");
			}
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(port));
		}
	}

	private static void connect(int port) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(1000);
		}
	}

}
