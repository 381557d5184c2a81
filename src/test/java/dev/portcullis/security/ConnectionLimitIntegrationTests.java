package dev.portcullis.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection over {@code portcullis.hardening.max-connections} gets 503 problem+json
 * and is closed, without reaching the upstream; once a counted connection closes, a new
 * one is served again.
 */
class ConnectionLimitIntegrationTests {

	private static final String GET = "GET /app/x HTTP/1.1\r\nHost: gateway\r\n\r\n";

	private static TestUpstream upstream;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		upstream = TestUpstream.start("app");
		gateway = TestGateway.start(new Routes().route("app", upstream.url(), List.of("Path=/app/**"), List.of())
			.with("portcullis.hardening.max-connections", "2")
			.properties());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		upstream.close();
	}

	@Test
	void aConnectionOverTheLimitGets503AndCloseAndRoomReturnsWhenOneCloses() throws Exception {
		try (Socket first = open(); Socket second = open()) {
			assertThat(exchange(first)).startsWith("HTTP/1.1 200");
			assertThat(exchange(second)).startsWith("HTTP/1.1 200");
			int received = upstream.received().size();

			try (Socket third = open()) {
				third.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
				String answer = readToEnd(third.getInputStream());
				assertThat(answer).startsWith("HTTP/1.1 503")
					.containsIgnoringCase("connection: close")
					.containsIgnoringCase("retry-after: 1")
					.containsIgnoringCase("content-type: application/problem+json")
					.contains("too many open connections");
			}
			assertThat(upstream.received()).hasSize(received);
			// The two counted connections are still served.
			assertThat(exchange(first)).startsWith("HTTP/1.1 200");
			first.close();
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(50))
				.until(ConnectionLimitIntegrationTests::answerOnANewConnection,
						(answer) -> answer.startsWith("HTTP/1.1 200"));
		}
	}

	/** Sends one GET on a new connection that the gateway closes after answering. */
	private static String answerOnANewConnection() throws IOException {
		try (Socket socket = open()) {
			socket.getOutputStream()
				.write((GET.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")).getBytes(StandardCharsets.US_ASCII));
			return readToEnd(socket.getInputStream());
		}
	}

	private static Socket open() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5000);
		socket.setSoTimeout(5000);
		return socket;
	}

	/**
	 * Sends one keep-alive GET and reads its answer, whose body ends the headers' length.
	 */
	private static String exchange(Socket socket) throws IOException {
		socket.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int b = in.read();
			assertThat(b).as("answer ended early: " + head).isNotEqualTo(-1);
			head.write(b);
		}
		String headers = head.toString(StandardCharsets.US_ASCII);
		int length = Integer.parseInt(headers.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
		assertThat(in.readNBytes(length)).hasSize(length);
		return headers;
	}

	private static String readToEnd(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
	}

}
