package dev.portcullis.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public port over TLS, through real TLS clients: protocol versions, HTTP/2 over
 * ALPN, a certificate replaced on disk, HSTS, the plain redirect listener, and TLS to
 * upstreams verified against a configured CA, with a client certificate.
 */
class TlsIntegrationTests {

	private static Path directory;

	private static TestCertificates.Authority ca;

	private static Path certificateFile;

	private static Path keyFile;

	private static TestUpstream plain;

	private static SecureUpstream secure;

	private static SecureUpstream rogue;

	private static TestGateway gateway;

	private static SSLContext client;

	@BeforeAll
	static void start() throws IOException {
		directory = Files.createTempDirectory("portcullis-tls");
		ca = TestCertificates.Authority.create("Portcullis Test CA");
		certificateFile = directory.resolve("gateway.crt");
		keyFile = directory.resolve("gateway.key");
		ca.issue("gateway-1").write(certificateFile, keyFile);
		client = ca.trustingContext();
		TestCertificates.Authority upstreamCa = TestCertificates.Authority.create("Upstream CA");
		TestCertificates.Authority gatewayClientCa = TestCertificates.Authority.create("Gateway client CA");
		gatewayClientCa.issue("portcullis-client")
			.write(directory.resolve("client.crt"), directory.resolve("client.key"));
		plain = TestUpstream.start("plain");
		secure = SecureUpstream.start("secure", upstreamCa.issue("upstream"), directory, gatewayClientCa);
		rogue = SecureUpstream.start("rogue", TestCertificates.Authority.create("Unknown CA").issue("rogue"), directory,
				gatewayClientCa);
		Map<String, String> properties = new Routes()
			.route("plain", plain.url(), List.of("Path=/plain/**"), List.of("StripPrefix=1"))
			.route("secure", secure.url(), List.of("Path=/secure/**"), List.of("StripPrefix=1"))
			.route("rogue", rogue.url(), List.of("Path=/rogue/**"), List.of("StripPrefix=1"))
			.with("portcullis.tls.enabled", "true")
			.with("portcullis.tls.certificate", certificateFile.toString())
			.with("portcullis.tls.private-key", "file:" + keyFile)
			.with("portcullis.tls.redirect-port", "0")
			.with("spring.ssl.bundle.watch.file.quiet-period", "200ms")
			.with("portcullis.upstream-tls.trust",
					upstreamCa.writeCertificate(directory.resolve("upstream-ca.crt")).toString())
			.with("portcullis.upstream-tls.certificate", directory.resolve("client.crt").toString())
			.with("portcullis.upstream-tls.private-key", directory.resolve("client.key").toString())
			.properties();
		gateway = TestGateway.start(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		plain.close();
		secure.close();
		rogue.close();
	}

	private static String https(String path) {
		return "https://127.0.0.1:" + gateway.port() + path;
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void servesTls12AndTls13(String protocol) {
		HttpClient http = TlsClients.http(client, HttpClient.Version.HTTP_1_1, protocol);
		HttpResponse<String> response = TlsClients.get(http, https("/plain/hello"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("plain GET /hello");
		assertThat(response.sslSession()).hasValueSatisfying((s) -> assertThat(s.getProtocol()).isEqualTo(protocol));
	}

	@Test
	void refusesTls11HandshakeButAnswersTheSameHelloAsTls12() {
		assertThat(TlsClients.answerToClientHello(gateway.port(), 0x0303)).as("TLS 1.2 hello").isEqualTo(22);
		assertThat(TlsClients.answerToClientHello(gateway.port(), 0x0302)).as("TLS 1.1 hello").isIn(21, -1);
	}

	@Test
	void negotiatesHttp2ThroughAlpnAndKeepsHttp11ForClientsWithoutIt() {
		HttpResponse<String> h2 = TlsClients.get(TlsClients.http(client, HttpClient.Version.HTTP_2),
				https("/plain/h2"));
		assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
		assertThat(h2.body()).isEqualTo("plain GET /h2");
		HttpResponse<String> h1 = TlsClients.get(TlsClients.http(client, HttpClient.Version.HTTP_1_1),
				https("/plain/h1"));
		assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
	}

	@Test
	void sendsStrictTransportSecurityOverTlsOnly() {
		HttpClient http = TlsClients.http(client, HttpClient.Version.HTTP_1_1);
		assertThat(TlsClients.get(http, https("/plain/a")).headers().firstValue("Strict-Transport-Security"))
			.hasValue("max-age=31536000; includeSubDomains");
		assertThat(TlsClients.get(http, https("/nowhere")).headers().firstValue("Strict-Transport-Security"))
			.as("on an error answer too")
			.hasValue("max-age=31536000; includeSubDomains");
		HttpResponse<String> redirect = TlsClients.get(http, "http://127.0.0.1:" + redirectPort() + "/plain/a");
		assertThat(redirect.headers().firstValue("Strict-Transport-Security")).isEmpty();
		HttpResponse<String> management = TlsClients.get(http, gateway.managementUrl() + "/actuator/health");
		assertThat(management.statusCode()).isEqualTo(200);
		assertThat(management.headers().firstValue("Strict-Transport-Security")).isEmpty();
	}

	@Test
	void redirectsPlainHttpWith308ToTheSameUrlOverHttps() {
		HttpClient http = TlsClients.http(client, HttpClient.Version.HTTP_1_1);
		HttpResponse<String> response = TlsClients.get(http,
				"http://127.0.0.1:" + redirectPort() + "/plain/a/b?x=1&y=%20z");
		assertThat(response.statusCode()).isEqualTo(308);
		assertThat(response.headers().firstValue("Location")).hasValue(https("/plain/a/b?x=1&y=%20z"));
		assertThat(plain.received()).noneMatch((r) -> r.uri().startsWith("/a/b"));
	}

	@Test
	void servesAReplacedCertificateToNewConnectionsWhileOpenOnesGoOn() throws IOException {
		BigInteger before = TlsClients.presentedCertificate(client, gateway.port()).getSerialNumber();
		try (SSLSocket open = TlsClients.open(client, gateway.port())) {
			assertThat(TlsClients.exchange(open, "/plain/before")).isEqualTo("HTTP/1.1 200 OK");
			TestCertificates.Issued renewed = ca.issue("gateway-2");
			renewed.write(certificateFile, keyFile);
			BigInteger served = before;
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!served.equals(renewed.certificate().getSerialNumber()) && System.nanoTime() < deadline) {
				LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
				served = TlsClients.presentedCertificate(client, gateway.port()).getSerialNumber();
			}
			assertThat(served).isEqualTo(renewed.certificate().getSerialNumber());
			assertThat(TlsClients.exchange(open, "/plain/after")).isEqualTo("HTTP/1.1 200 OK");
			assertThat(open.getSession().getPeerCertificates()[0]).isNotEqualTo(renewed.certificate());
		}
		assertThat(TlsClients.get(TlsClients.http(client, HttpClient.Version.HTTP_2), https("/plain/new")).statusCode())
			.isEqualTo(200);
	}

	@Test
	void reachesAnHttpsUpstreamVerifiedByTheConfiguredCaWithTheClientCertificate() {
		HttpResponse<String> response = TlsClients.get(TlsClients.http(client, HttpClient.Version.HTTP_1_1),
				https("/secure/data"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("secure /data");
		assertThat(secure.lastClient()).isEqualTo("CN=portcullis-client");
	}

	@Test
	void answers502ProblemWhenTheUpstreamCertificateIsFromAnUnknownCa() {
		HttpResponse<String> response = TlsClients.get(TlsClients.http(client, HttpClient.Version.HTTP_1_1),
				https("/rogue/data"));
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).doesNotContain("127.0.0.1").doesNotContain("rogue /data");
	}

	private static int redirectPort() {
		return gateway.context().getBean(HttpsRedirectServer.class).port();
	}

}
