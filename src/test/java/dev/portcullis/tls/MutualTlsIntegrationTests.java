package dev.portcullis.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A gateway that needs a client certificate (mutual TLS), sends a configured HSTS header,
 * and reaches an upstream whose certificate it cannot verify only because
 * {@code portcullis.upstream-tls.insecure-trust-all} says so.
 */
@ExtendWith(OutputCaptureExtension.class)
class MutualTlsIntegrationTests {

	private static TestCertificates.Authority ca;

	private static TestCertificates.Authority clientCa;

	private static SecureUpstream unverifiable;

	private static TestGateway gateway;

	@BeforeAll
	static void start() throws IOException {
		Path directory = Files.createTempDirectory("portcullis-mtls");
		ca = TestCertificates.Authority.create("Portcullis Test CA");
		clientCa = TestCertificates.Authority.create("Client CA");
		ca.issue("gateway").write(directory.resolve("gateway.crt"), directory.resolve("gateway.key"));
		unverifiable = SecureUpstream.start("unverifiable",
				TestCertificates.Authority.create("Nobody's CA").issue("unverifiable"), directory, clientCa);
		Map<String, String> properties = new Routes()
			.route("unverifiable", unverifiable.url(), List.of("Path=/unverifiable/**"), List.of("StripPrefix=1"))
			.with("portcullis.tls.enabled", "true")
			.with("portcullis.tls.certificate", directory.resolve("gateway.crt").toString())
			.with("portcullis.tls.private-key", directory.resolve("gateway.key").toString())
			.with("portcullis.tls.client-auth", "need")
			.with("portcullis.tls.client-ca", clientCa.writeCertificate(directory.resolve("client-ca.crt")).toString())
			.with("portcullis.tls.hsts.max-age", "60s")
			.with("portcullis.tls.hsts.include-subdomains", "false")
			.with("portcullis.tls.hsts.preload", "true")
			.with("portcullis.upstream-tls.insecure-trust-all", "true")
			.properties();
		gateway = TestGateway.start(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		unverifiable.close();
	}

	private static String https(String path) {
		return "https://127.0.0.1:" + gateway.port() + path;
	}

	private static HttpClient clientWith(TestCertificates.Authority issuer) {
		return TlsClients.http(issuer.issue("client").clientContext(ca), HttpClient.Version.HTTP_1_1);
	}

	@Test
	void acceptsAClientCertificateFromTheClientCa() {
		HttpResponse<String> response = TlsClients.get(clientWith(clientCa), https("/unverifiable/x"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("unverifiable /x");
	}

	@Test
	void refusesTheHandshakeWithoutAClientCertificate() {
		HttpClient anonymous = TlsClients.http(ca.trustingContext(), HttpClient.Version.HTTP_1_1);
		assertThatThrownBy(() -> TlsClients.get(anonymous, https("/unverifiable/x")))
			.isInstanceOf(UncheckedIOException.class);
	}

	@Test
	void refusesTheHandshakeWithACertificateFromAnotherCa() {
		HttpClient stranger = clientWith(TestCertificates.Authority.create("Stranger CA"));
		assertThatThrownBy(() -> TlsClients.get(stranger, https("/unverifiable/x")))
			.isInstanceOf(UncheckedIOException.class);
	}

	@Test
	void sendsTheConfiguredStrictTransportSecurity() {
		HttpResponse<String> response = TlsClients.get(clientWith(clientCa), https("/unverifiable/x"));
		assertThat(response.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=60; preload");
	}

	@Test
	void warnsLoudlyThatUpstreamCertificatesAreNotVerified(CapturedOutput output) {
		assertThat(output).contains("WARN")
			.contains("portcullis.upstream-tls.insecure-trust-all is true: the gateway accepts ANY certificate");
	}

}
