package dev.portcullis.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floods are answered early: a client over its limit of requests in flight gets 429, and
 * everyone gets 503 while the gateway is at its own limit; neither reaches the upstream.
 */
class ConcurrencyLimitIntegrationTests {

	private static TestUpstream upstream;

	private static TestGateway gateway;

	private static ExecutorService clients;

	@BeforeAll
	static void start() {
		upstream = TestUpstream.start("slow");
		gateway = TestGateway.start(new Routes().route("slow", upstream.url(), List.of("Path=/slow/**"), List.of())
			.with("portcullis.hardening.max-concurrent-requests", "3")
			.with("portcullis.hardening.max-concurrent-requests-per-client", "2")
			.properties());
		clients = Executors.newFixedThreadPool(3);
	}

	@AfterAll
	static void stop() {
		clients.shutdownNow();
		gateway.close();
		upstream.close();
	}

	@Test
	void answers429ToAClientOverItsLimitAnd503WhenTheGatewayIsFull() throws Exception {
		CompletableFuture<RawClient.Answer> first = slow("127.0.0.1");
		CompletableFuture<RawClient.Answer> second = slow("127.0.0.1");
		CompletableFuture<RawClient.Answer> third = slow("127.0.0.2");
		awaitInFlight(3);
		assertThat(gateway.metrics()).contains("portcullis_requests_in_flight 3.0")
			.doesNotContain("http_server_requests_active_seconds");

		RawClient.Answer overClientLimit = RawClient.send(gateway.port(), request("/slow/now"), "127.0.0.1");
		assertThat(overClientLimit.status()).as(overClientLimit.text()).isEqualTo(429);
		assertThat(overClientLimit.headers()).containsIgnoringCase("Retry-After: 1");
		RawClient.Answer gatewayFull = RawClient.send(gateway.port(), request("/slow/now"), "127.0.0.3");
		assertThat(gatewayFull.status()).as(gatewayFull.text()).isEqualTo(503);
		assertThat(gatewayFull.body()).contains("as many requests as it accepts");

		assertThat(first.get().status()).as(first.get().text()).isEqualTo(200);
		assertThat(second.get().status()).as(second.get().text()).isEqualTo(200);
		assertThat(third.get().status()).as(third.get().text()).isEqualTo(200);
		assertThat(upstream.received()).hasSize(3);
		assertThat(RawClient.send(gateway.port(), request("/slow/again"), "127.0.0.1").status()).isEqualTo(200);
		assertThat(gateway.metrics()).contains("portcullis_requests_in_flight 0.0");
	}

	private static CompletableFuture<RawClient.Answer> slow(String from) {
		return CompletableFuture
			.supplyAsync(() -> RawClient.send(gateway.port(), request("/slow/x?delayMs=2500"), from), clients);
	}

	private static void awaitInFlight(int count) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(upstream.received()).hasSize(count));
	}

	private static String request(String target) {
		return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + gateway.port() + "\r\nConnection: close\r\n\r\n";
	}

}
