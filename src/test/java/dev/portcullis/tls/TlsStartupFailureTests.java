package dev.portcullis.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.portcullis.testsupport.TestGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A TLS setting the gateway cannot use (a missing or unreadable file, a key that does not
 * belong to its certificate, a protocol older than TLS 1.2) stops start-up with a report
 * that names the property.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsStartupFailureTests {

	private static Path directory;

	@BeforeAll
	static void writeFiles() throws IOException {
		directory = Files.createTempDirectory("portcullis-tls-startup");
		TestCertificates.Authority ca = TestCertificates.Authority.create("Startup CA");
		ca.issue("good").write(directory.resolve("good.crt"), directory.resolve("good.key"));
		ca.issue("other").write(directory.resolve("other.crt"), directory.resolve("other.key"));
		ca.writeCertificate(directory.resolve("ca.crt"));
		Files.writeString(directory.resolve("garbage.pem"), "this is not PEM\n");
	}

	/**
	 * Each row changes one property of an otherwise good TLS set-up ({DIR} is the
	 * directory of the test's files).
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					portcullis.tls.certificate              | ''                   | portcullis.tls.certificate              | required when TLS is enabled
					portcullis.tls.certificate              | {DIR}/missing.crt    | portcullis.tls.certificate              | no file at
					portcullis.tls.certificate              | {DIR}/garbage.pem    | portcullis.tls.certificate              | holds no PEM certificate
					portcullis.tls.private-key              | {DIR}/missing.key    | portcullis.tls.private-key              | no file at
					portcullis.tls.private-key              | {DIR}/good.crt       | portcullis.tls.private-key              | holds no PEM private key
					portcullis.tls.private-key              | {DIR}/other.key      | portcullis.tls.private-key              | does not belong to the certificate
					portcullis.tls.protocols                | TLSv1.1,TLSv1.2      | portcullis.tls.protocols[0]             | only TLSv1.2 and TLSv1.3 are
					portcullis.tls.client-auth              | need                 | portcullis.tls.client-ca                | required when TLS is enabled
					portcullis.tls.client-ca                | {DIR}/garbage.pem    | portcullis.tls.client-ca                | holds no PEM certificate
					portcullis.tls.redirect-port            | 70000                | portcullis.tls.redirect-port            | between 0 and 65535
					portcullis.tls.hsts.max-age             | -1s                  | portcullis.tls.hsts.max-age             | must not be negative
					portcullis.upstream-tls.trust           | {DIR}/missing.crt    | portcullis.upstream-tls.trust           | no file at
					portcullis.upstream-tls.certificate     | {DIR}/good.crt       | portcullis.upstream-tls.private-key     | certificate and private-key go together
					portcullis.upstream-tls.insecure-trust-all | true              | portcullis.upstream-tls.insecure-trust-all | contradicts portcullis.upstream-tls.trust
					portcullis.tls.ciphers                  | TLS_AES_128_GCM_SHA256 | portcullis.tls.ciphers                | ok
					""")
	void aBadTlsSettingStopsStartUpNamingTheProperty(String key, String value, String named, String problem,
			CapturedOutput output) {
		Map<String, String> properties = new HashMap<>();
		properties.put("portcullis.tls.enabled", "true");
		properties.put("portcullis.tls.certificate", directory.resolve("good.crt").toString());
		properties.put("portcullis.tls.private-key", directory.resolve("good.key").toString());
		if (key.startsWith("portcullis.upstream-tls.insecure")) {
			properties.put("portcullis.upstream-tls.trust", directory.resolve("ca.crt").toString());
		}
		properties.put(key, value.replace("{DIR}", directory.toString()));
		if (problem.equals("ok")) {
			TestGateway.start(properties).close();
			return;
		}
		assertThatThrownBy(() -> TestGateway.start(properties)).hasStackTraceContaining(named);
		assertThat(output).contains("Invalid configuration: " + named + ": ").contains(problem);
	}

}
