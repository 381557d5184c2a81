package dev.portcullis.forwarding;

import java.time.Duration;
import java.util.List;

import dev.portcullis.testsupport.AccessLogCapture;
import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an upstream learns about the client through the gateway, with and without a
 * trusted proxy in front.
 */
class ForwardingIntegrationTests {

	private static TestUpstream upstream;

	private static TestGateway untrusting;

	private static TestGateway trustingLoopback;

	@BeforeAll
	static void start() {
		upstream = TestUpstream.start("backend");
		Routes routes = new Routes()
			.route("stripped", upstream.url(), List.of("Path=/stripped/**"), List.of("StripPrefix=1"))
			.route("rewritten", upstream.url(), List.of("Path=/old/**"),
					List.of("RewritePath=/old/(?<rest>.*), /new/${rest}"))
			.route("backend", upstream.url(), List.of("Path=/**"), List.of());
		untrusting = TestGateway.start(routes.properties());
		trustingLoopback = TestGateway
			.start(routes.with("portcullis.forwarding.trusted-proxies[0]", "127.0.0.0/8").properties());
	}

	@AfterAll
	static void stop() {
		untrusting.close();
		trustingLoopback.close();
		upstream.close();
	}

	@BeforeEach
	void forgetRequests() {
		upstream.clear();
	}

	@Test
	void setsForwardedHeadersFromTheConnectionAndIgnoresWhatAnUntrustedClientClaims() {
		untrusting.client()
			.get()
			.uri("/where")
			.header("X-Forwarded-For", "6.6.6.6")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "evil.example")
			.header("X-Forwarded-Port", "443")
			.header("Forwarded", "for=6.6.6.6;proto=https")
			.header("X-Forwarded-Server", "evil.example")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		HttpHeaders seen = upstream.lastReceived().headers();
		assertThat(seen.get("X-Forwarded-For")).containsExactly("127.0.0.1");
		assertThat(seen.getFirst("X-Forwarded-Proto")).isEqualTo("http");
		assertThat(seen.getFirst("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + untrusting.port());
		assertThat(seen.getFirst("X-Forwarded-Port")).isEqualTo(String.valueOf(untrusting.port()));
		assertThat(seen.containsHeader("Forwarded")).isFalse();
		assertThat(seen.containsHeader("X-Forwarded-Server")).isFalse();
	}

	@Test
	void passesOnWhatATrustedProxySaysAboutEarlierHops() {
		trustingLoopback.client()
			.get()
			.uri("/where")
			.header("Forwarded", "for=203.0.113.9;proto=https")
			.header("X-Forwarded-Server", "lb-1.example")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		HttpHeaders seen = upstream.lastReceived().headers();
		assertThat(seen.get("Forwarded")).containsExactly("for=203.0.113.9;proto=https");
		assertThat(seen.get("X-Forwarded-Server")).containsExactly("lb-1.example");
	}

	@Test
	void asksForTrailersOnGrpcRequestsOnly() {
		untrusting.client()
			.post()
			.uri("/grpc.Service/Call")
			.header("Content-Type", "application/grpc+proto")
			.header("TE", "trailers")
			.bodyValue("x")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		assertThat(upstream.lastReceived().headers().get("TE")).containsExactly("trailers");
		untrusting.client()
			.post()
			.uri("/plain")
			.header("Content-Type", "text/plain")
			.header("TE", "trailers")
			.bodyValue("x")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		assertThat(upstream.lastReceived().headers().containsHeader("TE")).isFalse();
	}

	@Test
	void appendsToTheChainAndKeepsProtoAndHostFromATrustedProxy() {
		AccessLogCapture accessLog = AccessLogCapture.attach();
		trustingLoopback.client()
			.get()
			.uri("/where")
			.header("X-Request-Id", "behind-trusted-proxy")
			.header("X-Forwarded-For", "203.0.113.9")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "shop.example.com")
			.header("X-Forwarded-Port", "443")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		HttpHeaders seen = upstream.lastReceived().headers();
		assertThat(seen.getFirst("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
		assertThat(seen.getFirst("X-Forwarded-Proto")).isEqualTo("https");
		assertThat(seen.getFirst("X-Forwarded-Host")).isEqualTo("shop.example.com");
		assertThat(seen.getFirst("X-Forwarded-Port")).isEqualTo("443");
		await().atMost(Duration.ofSeconds(5)).until(() -> !accessLog.linesWith("behind-trusted-proxy").isEmpty());
		accessLog.close();
		assertThat(accessLog.linesWith("behind-trusted-proxy").get(0)).startsWith("client=203.0.113.9 ");
	}

	@Test
	void forwardsTheHostTheClientAskedForAndThePortItConnectedTo() {
		untrusting.client()
			.get()
			.uri("/where")
			.header("Host", "api.example.com")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		HttpHeaders seen = upstream.lastReceived().headers();
		assertThat(seen.getFirst("X-Forwarded-Host")).isEqualTo("api.example.com");
		assertThat(seen.getFirst("X-Forwarded-Port")).isEqualTo(String.valueOf(untrusting.port()));
	}

	@Test
	void tellsTheUpstreamWhichPrefixStripPrefixRemoved() {
		untrusting.client()
			.get()
			.uri("/stripped/users/7")
			.header("X-Forwarded-Prefix", "/forged")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		assertThat(upstream.lastReceived().uri()).isEqualTo("/users/7");
		assertThat(upstream.lastReceived().headers().get("X-Forwarded-Prefix")).containsExactly("/stripped");

		untrusting.client().get().uri("/old/users/7").exchange().expectStatus().isOk().expectBody(Void.class);
		assertThat(upstream.lastReceived().uri()).isEqualTo("/new/users/7");
		assertThat(upstream.lastReceived().headers().containsHeader("X-Forwarded-Prefix")).isFalse();

		untrusting.client()
			.get()
			.uri("/plain")
			.header("X-Forwarded-Prefix", "/forged")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		assertThat(upstream.lastReceived().headers().containsHeader("X-Forwarded-Prefix")).isFalse();
	}

	@Test
	void putsATrustedProxysPrefixBeforeItsOwn() {
		trustingLoopback.client()
			.get()
			.uri("/stripped/users/7")
			.header("X-Forwarded-Prefix", "/shop/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		assertThat(upstream.lastReceived().headers().get("X-Forwarded-Prefix")).containsExactly("/shop/stripped");
	}

	@Test
	void doesNotPassTheUpstreamsHopByHopResponseHeadersToTheClient() {
		String uri = "/hop?respondHeader=Connection:X-Upstream-Internal&respondHeader=X-Upstream-Internal:secret"
				+ "&respondHeader=Keep-Alive:timeout=5&respondHeader=Proxy-Authenticate:Basic&respondHeader=X-Kept:yes";
		WebTestClient.bindToServer()
			.baseUrl(upstream.url())
			.build()
			.get()
			.uri(uri)
			.exchange()
			.expectHeader()
			.valueEquals("X-Upstream-Internal", "secret")
			.expectBody(Void.class);
		untrusting.client()
			.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Kept", "yes")
			.expectHeader()
			.doesNotExist("X-Upstream-Internal")
			.expectHeader()
			.doesNotExist("Keep-Alive")
			.expectHeader()
			.doesNotExist("Proxy-Authenticate")
			.expectBody(Void.class);
	}

	@Test
	void doesNotForwardHopByHopHeadersNorTheHeadersConnectionNames() {
		untrusting.client()
			.get()
			.uri("/hop")
			.header("Connection", "keep-alive, X-Internal-Token")
			.header("X-Internal-Token", "secret")
			.header("Keep-Alive", "timeout=5")
			.header("TE", "trailers")
			.header("Trailer", "X-Checksum")
			.header("Proxy-Authorization", "Basic Zm9vOmJhcg==")
			.header("X-End-To-End", "kept")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		HttpHeaders seen = upstream.lastReceived().headers();
		assertThat(seen.getFirst("X-End-To-End")).isEqualTo("kept");
		for (String hopByHop : List.of("X-Internal-Token", "Keep-Alive", "TE", "Trailer", "Proxy-Authorization")) {
			assertThat(seen.containsHeader(hopByHop)).as(hopByHop).isFalse();
		}
		assertThat(seen.getOrEmpty("Connection")).noneMatch((value) -> value.contains("X-Internal-Token"));
	}

}
