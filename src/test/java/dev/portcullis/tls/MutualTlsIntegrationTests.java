package dev.portcullis.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import javax.net.ssl.SSLContext;

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

	private static Path secretVolume;

	@BeforeAll
	static void start() throws IOException {
		Path directory = Files.createTempDirectory("portcullis-mtls");
		ca = TestCertificates.Authority.create("Portcullis Test CA");
		clientCa = TestCertificates.Authority.create("Client CA");
		secretVolume = Files.createDirectory(directory.resolve("secret"));
		mountSecret(ca.issue("gateway"));
		Files.createSymbolicLink(secretVolume.resolve("tls.crt"), Path.of("..data/tls.crt"));
		Files.createSymbolicLink(secretVolume.resolve("tls.key"), Path.of("..data/tls.key"));
		unverifiable = SecureUpstream.start("unverifiable",
				TestCertificates.Authority.create("Nobody's CA").issue("unverifiable"), directory, clientCa);
		Map<String, String> properties = new Routes()
			.route("unverifiable", unverifiable.url(), List.of("Path=/unverifiable/**"), List.of("StripPrefix=1"))
			.with("portcullis.tls.enabled", "true")
			.with("portcullis.tls.certificate", secretVolume.resolve("tls.crt").toString())
			.with("portcullis.tls.private-key", secretVolume.resolve("tls.key").toString())
			.with("spring.ssl.bundle.watch.file.quiet-period", "200ms")
			.with("portcullis.tls.client-auth", "need")
			.with("portcullis.tls.client-ca", clientCa.writeCertificate(directory.resolve("client-ca.crt")).toString())
			.with("portcullis.tls.hsts.max-age", "60s")
			.with("portcullis.tls.hsts.include-subdomains", "false")
			.with("portcullis.tls.hsts.preload", "true")
			.with("portcullis.upstream-tls.insecure-trust-all", "true")
			.properties();
		gateway = TestGateway.start(properties);
	}

	/**
	 * Writes a certificate as the kubelet updates a mounted Secret: the files go into a
	 * new timestamped directory, and the {@code ..data} link is renamed over to point at
	 * it; {@code tls.crt} and {@code tls.key} are links through {@code ..data}.
	 */
	private static void mountSecret(TestCertificates.Issued issued) throws IOException {
		Path version = Files.createDirectory(secretVolume.resolve("..version-" + System.nanoTime()));
		issued.write(version.resolve("tls.crt"), version.resolve("tls.key"));
		Path link = secretVolume.resolve("..data_tmp");
		Files.createSymbolicLink(link, version.getFileName());
		Files.move(link, secretVolume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
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
	void servesEachRenewalOfAKubernetesSecretWithoutARestart() throws IOException {
		SSLContext context = clientCa.issue("client").clientContext(ca);
		for (int renewal = 1; renewal <= 2; renewal++) {
			TestCertificates.Issued renewed = ca.issue("gateway-renewed-" + renewal);
			mountSecret(renewed);
			BigInteger served = TlsClients.presentedCertificate(context, gateway.port()).getSerialNumber();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!served.equals(renewed.certificate().getSerialNumber()) && System.nanoTime() < deadline) {
				LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
				served = TlsClients.presentedCertificate(context, gateway.port()).getSerialNumber();
			}
			assertThat(served).as("renewal " + renewal).isEqualTo(renewed.certificate().getSerialNumber());
		}
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
