package dev.portcullis.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class TlsEnvironmentPostProcessorTests {

	@TempDir
	Path directory;

	private final TlsEnvironmentPostProcessor postProcessor = new TlsEnvironmentPostProcessor();

	@Test
	void addsNothingWhenTlsIsNotConfigured() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains(TlsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void mapsThePublicPortOntoAReloadedSslBundle() throws IOException {
		TestCertificates.Authority ca = TestCertificates.Authority.create("Mapping CA");
		ca.issue("gateway").write(this.directory.resolve("tls.crt"), this.directory.resolve("tls.key"));
		MockEnvironment environment = new MockEnvironment().withProperty("portcullis.tls.enabled", "true")
			.withProperty("portcullis.tls.certificate", this.directory.resolve("tls.crt").toString())
			.withProperty("portcullis.tls.private-key", "file:" + this.directory.resolve("tls.key"))
			.withProperty("portcullis.tls.client-auth", "want")
			.withProperty("portcullis.tls.client-ca",
					ca.writeCertificate(Files.createFile(this.directory.resolve("ca.crt"))).toString());
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		String bundle = "spring.ssl.bundle.pem.portcullis.";
		assertThat(environment.getProperty(bundle + "keystore.certificate"))
			.isEqualTo("file:" + this.directory.resolve("tls.crt"));
		assertThat(environment.getProperty(bundle + "keystore.private-key"))
			.isEqualTo("file:" + this.directory.resolve("tls.key"));
		assertThat(environment.getProperty(bundle + "truststore.certificate"))
			.isEqualTo("file:" + this.directory.resolve("ca.crt"));
		assertThat(environment.getProperty(bundle + "reload-on-update")).isEqualTo("true");
		assertThat(environment.getProperty(bundle + "options.enabled-protocols")).isEqualTo("TLSv1.3,TLSv1.2");
		assertThat(environment.getProperty(bundle + "options.ciphers")).startsWith("TLS_AES_128_GCM_SHA256,")
			.doesNotContain("CBC");
		assertThat(environment.getProperty("server.ssl.bundle")).isEqualTo("portcullis");
		assertThat(environment.getProperty("server.ssl.client-auth")).isEqualTo("want");
		assertThat(environment.getProperty("server.http2.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.server.ssl.enabled")).isEqualTo("false");
	}

	@Test
	void explicitBootSettingsWin() throws IOException {
		TestCertificates.Authority.create("CA")
			.issue("gateway")
			.write(this.directory.resolve("tls.crt"), this.directory.resolve("tls.key"));
		MockEnvironment environment = new MockEnvironment().withProperty("portcullis.tls.enabled", "true")
			.withProperty("portcullis.tls.certificate", this.directory.resolve("tls.crt").toString())
			.withProperty("portcullis.tls.private-key", this.directory.resolve("tls.key").toString())
			.withProperty("server.http2.enabled", "false")
			.withProperty("management.server.ssl.bundle", "admin");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.http2.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("management.server.ssl.enabled")).isNull();
	}

	@Test
	void insecureTrustAllNeedsNoBundle() {
		Map<String, Object> settings = TlsEnvironmentPostProcessor
			.upstreamSettings(new UpstreamTlsProperties(null, null, null, null, true));
		assertThat(settings).containsExactly(
				Map.entry("spring.cloud.gateway.server.webflux.httpclient.ssl.use-insecure-trust-manager", "true"));
	}

	@Test
	void upstreamTrustBecomesTheHttpClientsBundle() {
		TestCertificates.Authority.create("Upstream CA").writeCertificate(this.directory.resolve("ca.crt"));
		Map<String, Object> settings = TlsEnvironmentPostProcessor.upstreamSettings(
				new UpstreamTlsProperties(this.directory.resolve("ca.crt").toString(), null, null, null, false));
		assertThat(settings)
			.containsEntry("spring.ssl.bundle.pem.portcullis-upstream.truststore.certificate",
					"file:" + this.directory.resolve("ca.crt"))
			.containsEntry("spring.cloud.gateway.server.webflux.httpclient.ssl.ssl-bundle", "portcullis-upstream")
			.doesNotContainKey("spring.cloud.gateway.server.webflux.httpclient.ssl.use-insecure-trust-manager");
	}

}
