package dev.portcullis.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Malformed, oversized, smuggling-prone and path-confusing requests, sent as raw bytes:
 * each is refused with a 4xx (or, where Netty's decoder gives up, a closed connection),
 * none reaches the upstream, and the gateway keeps serving normal requests.
 */
class HostileRequestsIntegrationTests {

	private static TestUpstream upstream;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		upstream = TestUpstream.start("orders");
		gateway = TestGateway.start(new Routes().route("orders", upstream.url(), List.of("Path=/orders/**"), List.of())
			.route("small", upstream.url(), List.of("Path=/small/**"), List.of(), Map.of("max-body-size", "16B"))
			.route("framed", upstream.url(), List.of("Path=/framed/**"), List.of(),
					Map.of("security-headers.x-frame-options", "SAMEORIGIN", "security-headers.referrer-policy", ""))
			.with("portcullis.hardening.security-headers.cross-origin-opener-policy", "same-origin")
			.with("portcullis.hardening.idle-timeout", "1s")
			.with("portcullis.hardening.body-read-timeout", "1s")
			.with("portcullis.hardening.request-timeout", "3s")
			.with("portcullis.hardening.max-request-line-length", "1KB")
			.with("portcullis.hardening.max-header-size", "4KB")
			.with("portcullis.hardening.max-header-count", "20")
			.with("portcullis.hardening.max-body-size", "1KB")
			.properties());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		upstream.close();
	}

	@BeforeEach
	void forget() {
		upstream.clear();
	}

	@ParameterizedTest
	@MethodSource("hostileRequests")
	void refusesWithoutForwardingAndKeepsServing(String request, int expected) {
		RawClient.Answer answer = RawClient.send(gateway.port(), request.replace("{host}", host()));
		assertThat(answer.timedOut()).as("answered or closed within the read timeout").isFalse();
		assertThat(answer.status()).as(answer.text()).isEqualTo(expected);
		// Netty's decoder answers with an empty body; the gateway's own refusals are
		// problem documents.
		assertThat(answer.body()).matches("|\\{\"type\":\"about:blank\".*\"status\":" + expected + ".*");
		assertThat(answer.text()).doesNotContain("Exception", "at dev.", "at org.", "127.0.0.1:" + upstream.port());
		assertThat(upstream.received()).isEmpty();
		RawClient.Answer normal = RawClient.send(gateway.port(), get("/orders/42?expand=lines"));
		assertThat(normal.status()).as(normal.text()).isEqualTo(200);
		assertThat(normal.body()).isEqualTo("orders GET /orders/42");
	}

	@Test
	void forwardsMethodsBeyondTheCommonOnes() {
		RawClient.Answer answer = RawClient.send(gateway.port(),
				"PROPFIND /orders/7 HTTP/1.1\r\nHost: " + host() + "\r\nDepth: 0\r\nConnection: close\r\n\r\n");
		assertThat(answer.status()).as(answer.text()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("orders PROPFIND /orders/7");
	}

	@Test
	void closesAConnectionWhoseHeadersStall() {
		RawClient.Answer answer = RawClient.send(gateway.port(), "GET /orders/1 HTTP/1.1\r\nHost: " + host() + "\r\n");
		assertThat(answer.timedOut()).as("closed by the gateway's idle timeout").isFalse();
		assertThat(answer.status()).as(answer.text()).isIn(0, 408);
		assertThat(upstream.received()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 300 })
	void neverForwardsABodyCutShortByABadChunk(int pauseMillis) {
		String head = "POST /orders/1 HTTP/1.1\r\nHost: " + host()
				+ "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n";
		RawClient.Answer answer = RawClient.sendInTwoParts(gateway.port(), head, Duration.ofMillis(pauseMillis),
				"zz\r\nworld\r\n0\r\n\r\n");
		assertThat(answer.timedOut()).isFalse();
		assertThat(answer.status()).as(answer.text()).isIn(0, 400);
		// Give a wrongly completed request time to arrive; the upstream records only
		// complete requests. Bounded: at most 1 s.
		Instant deadline = Instant.now().plusSeconds(1);
		while (upstream.received().isEmpty() && Instant.now().isBefore(deadline)) {
			LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
		}
		assertThat(upstream.received()).isEmpty();
		RawClient.Answer normal = RawClient.send(gateway.port(),
				get("/orders/42?expand=lines").replace("{host}", host()));
		assertThat(normal.status()).as(normal.text()).isEqualTo(200);
	}

	@Test
	void endsARequestWhoseBodyStalls() {
		RawClient.Answer answer = RawClient.send(gateway.port(),
				post("/orders/1", "Content-Length: 100\r\n", "only part of it").replace("{host}", host()));
		assertThat(answer.timedOut()).as("ended by the gateway's body read timeout").isFalse();
		assertThat(answer.status()).as(answer.text()).isIn(0, 408);
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void hidesIdentifyingUpstreamHeadersAndAddsSecurityHeaders() {
		gateway.client()
			.get()
			.uri("/orders/1?respondHeader=Server:Jetty(9.4.1)&respondHeader=X-Powered-By:PHP/8.1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist("Server")
			.expectHeader()
			.doesNotExist("X-Powered-By")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectHeader()
			.valueEquals("Referrer-Policy", "strict-origin-when-cross-origin")
			.expectHeader()
			.valueEquals("Cross-Origin-Opener-Policy", "same-origin")
			.expectBody(String.class)
			.isEqualTo("orders GET /orders/1");
	}

	@Test
	void keepsASecurityHeaderTheUpstreamSetItself() {
		gateway.client()
			.get()
			.uri("/orders/1?respondHeader=X-Frame-Options:SAMEORIGIN")
			.exchange()
			.expectHeader()
			.valueEquals("X-Frame-Options", "SAMEORIGIN")
			.expectBody(Void.class);
	}

	@Test
	void appliesTheRoutesOwnSecurityHeaders() {
		gateway.client()
			.get()
			.uri("/framed/1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Frame-Options", "SAMEORIGIN")
			.expectHeader()
			.doesNotExist("Referrer-Policy")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody(Void.class);
	}

	@Test
	void addsSecurityHeadersToTheGatewaysOwnErrors() {
		gateway.client()
			.get()
			.uri("/no/route")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody(Void.class);
	}

	@Test
	void forwardsABodyWithinTheRoutesLimitWhileStreaming() {
		RawClient.Answer answer = RawClient.send(gateway.port(),
				post("/small/1", "Transfer-Encoding: chunked\r\n", "8\r\n12345678\r\n8\r\nabcdefgh\r\n0\r\n\r\n")
					.replace("{host}", host()));
		assertThat(answer.status()).as(answer.text()).isEqualTo(200);
		assertThat(upstream.lastReceived().body()).isEqualTo("12345678abcdefgh");
	}

	static Stream<Arguments> hostileRequests() {
		String longPath = "/orders/" + "a".repeat(2000);
		String bigHeader = "X-Big: " + "b".repeat(5000) + "\r\n";
		StringBuilder manyHeaders = new StringBuilder();
		for (int i = 0; i < 30; i++) {
			manyHeaders.append("X-H").append(i).append(": v\r\n");
		}
		StringBuilder wideHeaders = new StringBuilder();
		for (int i = 0; i < 10; i++) {
			wideHeaders.append("X-W").append(i).append(": ").append("w".repeat(500)).append("\r\n");
		}
		return Stream.of(
				// Oversized
				argumentSet("request line longer than the limit", get(longPath), 414),
				argumentSet("method name longer than the limit",
						"G".repeat(1500) + " /orders/1 HTTP/1.1\r\n" + "Host: {host}\r\nConnection: close\r\n\r\n",
						414),
				argumentSet("one header larger than the header limit", withHeaders("/orders/1", bigHeader), 431),
				argumentSet("headers together larger than the limit", withHeaders("/orders/1", wideHeaders.toString()),
						431),
				argumentSet("more header fields than allowed", withHeaders("/orders/1", manyHeaders.toString()), 431),
				argumentSet("Content-Length above the global body limit",
						post("/orders/1", "Content-Length: 2000\r\n", "x".repeat(2000)), 413),
				argumentSet("Content-Length above the route's body limit",
						post("/small/1", "Content-Length: 100\r\n", "x".repeat(100)), 413),
				argumentSet("chunked body growing past the route's limit",
						post("/small/1", "Transfer-Encoding: chunked\r\n",
								"10\r\n" + "y".repeat(16) + "\r\n10\r\n" + "y".repeat(16) + "\r\n0\r\n\r\n"),
						413),
				argumentSet("chunked body growing past the global limit",
						post("/orders/1", "Transfer-Encoding: chunked\r\n",
								"400\r\n" + "z".repeat(1024) + "\r\n400\r\n" + "z".repeat(1024) + "\r\n0\r\n\r\n"),
						413),
				// Smuggling-prone framing
				argumentSet("Content-Length with Transfer-Encoding chunked",
						post("/orders/1", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"), 400),
				argumentSet("Transfer-Encoding chunked with Content-Length zero",
						post("/orders/1", "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n", "0\r\n\r\n"), 400),
				argumentSet("two differing Content-Length fields",
						post("/orders/1", "Content-Length: 5\r\nContent-Length: 6\r\n", "hello!"), 400),
				argumentSet("two equal Content-Length fields",
						post("/orders/1", "Content-Length: 5\r\nContent-Length: 5\r\n", "hello"), 400),
				argumentSet("Content-Length list with differing values",
						post("/orders/1", "Content-Length: 5, 6\r\n", "hello!"), 400),
				argumentSet("negative Content-Length", post("/orders/1", "Content-Length: -1\r\n", "hello"), 400),
				argumentSet("non-numeric Content-Length", post("/orders/1", "Content-Length: abc\r\n", "hello"), 400),
				argumentSet("Content-Length with a plus sign", post("/orders/1", "Content-Length: +5\r\n", "hello"),
						400),
				argumentSet("Transfer-Encoding gzip", post("/orders/1", "Transfer-Encoding: gzip\r\n", "hello"), 400),
				argumentSet("Transfer-Encoding gzip, chunked",
						post("/orders/1", "Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n"), 400),
				argumentSet("Transfer-Encoding chunked, identity",
						post("/orders/1", "Transfer-Encoding: chunked, identity\r\n", "0\r\n\r\n"), 400),
				argumentSet("Transfer-Encoding identity", post("/orders/1", "Transfer-Encoding: identity\r\n", "hello"),
						400),
				argumentSet("two Transfer-Encoding fields",
						post("/orders/1", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"),
						400),
				argumentSet("Transfer-Encoding xchunked",
						post("/orders/1", "Transfer-Encoding: xchunked\r\n", "0\r\n\r\n"), 400),
				argumentSet("whitespace before the colon of Transfer-Encoding",
						post("/orders/1", "Transfer-Encoding : chunked\r\n", "0\r\n\r\n"), 400),
				// Malformed headers and request lines
				argumentSet("header name with a bracket", withHeaders("/orders/1", "Bad[Name]: x\r\n"), 400),
				argumentSet("header name with a space", withHeaders("/orders/1", "Bad Name: x\r\n"), 400),
				argumentSet("header value with a control character", withHeaders("/orders/1", "X-Ctl: a\u0001b\r\n"),
						400),
				argumentSet("header line without a colon", withHeaders("/orders/1", "NoColonHere\r\n"), 400),
				argumentSet(
						"HTTP/1.1 request without Host", "GET /orders/1 HTTP/1.1\r\nConnection: close\r\n\r\n", 400),
				argumentSet("two Host fields", withHeaders("/orders/1", "Host: evil.example\r\n"), 400),
				argumentSet("HTTP/2.0 on an HTTP/1 request line",
						"GET /orders/1 HTTP/2.0\r\nHost: {host}\r\nConnection: close\r\n\r\n", 400),
				argumentSet("unknown HTTP version",
						"GET /orders/1 HTTP/1.7\r\nHost: {host}\r\nConnection: close\r\n\r\n", 400),
				argumentSet("request line with a raw space in the path",
						"GET /orders/a b HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n", 400),
				// Request targets the gateway will not route
				argumentSet("absolute-form target naming another host",
						"GET http://evil.example/orders/1 HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n", 400),
				argumentSet("absolute-form target with user info",
						"GET http://user@{host}/orders/1 HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n", 400),
				argumentSet("asterisk-form target", "OPTIONS * HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
						400),
				argumentSet("authority-form target",
						"CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n" + "Connection: close\r\n\r\n",
						400),
				argumentSet("target without a leading slash", get("orders/1"), 400),
				argumentSet("target with a fragment", get("/orders/1#top"), 400),
				argumentSet("raw non-ASCII byte in the path", get("/orders/caf\u00e9"), 400),
				// Path confusion
				argumentSet("dot-dot segment", get("/orders/../admin"), 400),
				argumentSet("dot segment", get("/orders/./1"), 400),
				argumentSet("trailing dot-dot segment", get("/orders/1/.."), 400),
				argumentSet("encoded dot-dot, lower case", get("/orders/%2e%2e/admin"), 400),
				argumentSet("encoded dot-dot, upper case", get("/orders/%2E%2E/admin"), 400),
				argumentSet("half-encoded dot-dot", get("/orders/.%2e/admin"), 400),
				argumentSet("encoded slash", get("/orders/..%2fadmin"), 400),
				argumentSet("encoded slash, upper case", get("/orders%2F1"), 400),
				argumentSet("encoded backslash", get("/orders/..%5cadmin"), 400),
				argumentSet("raw backslash", get("/orders/..\\admin"), 400),
				argumentSet("double-encoded dot-dot", get("/orders/%252e%252e/admin"), 400),
				argumentSet("dot-dot with a path parameter", get("/orders/..;/admin"), 400),
				argumentSet("leading double slash", get("//orders/1"), 400),
				argumentSet("inner double slash", get("/orders//1"), 400),
				argumentSet("encoded NUL", get("/orders/1%00.json"), 400),
				argumentSet("encoded CR LF", get("/orders/1%0d%0aX-Injected:%20yes"), 400),
				argumentSet("invalid percent-encoding", get("/orders/%zz"), 400),
				argumentSet("truncated percent-encoding", get("/orders/1%2"), 400),
				argumentSet("encoded control character in the query", get("/orders/1?q=%0a"), 400),
				argumentSet("upper-case route prefix", get("/ORDERS/1"), 404),
				// Methods
				argumentSet("TRACE, which would echo credentials back",
						"TRACE /orders/1 HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n", 405));
	}

	private static String host() {
		return "127.0.0.1:" + gateway.port();
	}

	static String get(String target) {
		return "GET " + target + " HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n";
	}

	private static String withHeaders(String target, String headers) {
		return "GET " + target + " HTTP/1.1\r\nHost: {host}\r\n" + headers + "Connection: close\r\n\r\n";
	}

	private static String post(String target, String framing, String body) {
		return "POST " + target + " HTTP/1.1\r\nHost: {host}\r\n" + framing + "Connection: close\r\n\r\n" + body;
	}

}
