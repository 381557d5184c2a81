package dev.portcullis.tls;

import java.time.Duration;
import java.util.List;

import dev.portcullis.config.InvalidPropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsPropertiesTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			P365D | true  | false | max-age=31536000; includeSubDomains
			PT60S | false | false | max-age=60
			PT60S | false | true  | max-age=60; preload
			P730D | true  | true  | max-age=63072000; includeSubDomains; preload
			PT0S  | true  | false | max-age=0; includeSubDomains
			""")
	void writesTheHstsValue(Duration maxAge, boolean includeSubdomains, boolean preload, String value) {
		assertThat(new TlsProperties.Hsts(true, maxAge, includeSubdomains, preload).value()).isEqualTo(value);
	}

	@Test
	void needsNoFilesWhileDisabled() {
		assertThat(properties(false, null, List.of("TLSv1.3")).enabled()).isFalse();
	}

	@Test
	void needsCertificateAndKeyWhenEnabled() {
		assertThatThrownBy(() -> properties(true, null, List.of("TLSv1.3")))
			.isInstanceOf(InvalidPropertyException.class)
			.hasMessage("portcullis.tls.certificate: required when TLS is enabled");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			TLSv1     | portcullis.tls.protocols[0]
			SSLv3     | portcullis.tls.protocols[0]
			TLSv1.1   | portcullis.tls.protocols[0]
			tlsv1.2   | portcullis.tls.protocols[0]
			""")
	void refusesProtocolsOlderThanTls12(String protocol, String property) {
		assertThatThrownBy(() -> properties(false, null, List.of(protocol))).isInstanceOfSatisfying(
				InvalidPropertyException.class, (ex) -> assertThat(ex.property()).isEqualTo(property));
	}

	@Test
	void refusesAnEmptyProtocolList() {
		assertThatThrownBy(() -> properties(false, null, List.of())).isInstanceOf(InvalidPropertyException.class)
			.hasMessageStartingWith("portcullis.tls.protocols:");
	}

	@Test
	void refusesARedirectListenerWithoutTls() {
		assertThatThrownBy(() -> properties(false, 8080, List.of("TLSv1.3")))
			.isInstanceOf(InvalidPropertyException.class)
			.hasMessage("portcullis.tls.redirect-port: needs portcullis.tls.enabled=true");
	}

	@Test
	void upstreamClientCertificateNeedsItsKey() {
		assertThatThrownBy(() -> new UpstreamTlsProperties(null, null, "/k.pem", null, false))
			.isInstanceOf(InvalidPropertyException.class)
			.hasMessageStartingWith("portcullis.upstream-tls.certificate:");
		assertThat(new UpstreamTlsProperties(null, null, null, null, false).isConfigured()).isFalse();
		assertThat(new UpstreamTlsProperties(null, null, null, null, true).isConfigured()).isTrue();
	}

	private static TlsProperties properties(boolean enabled, Integer redirectPort, List<String> protocols) {
		return new TlsProperties(enabled, null, null, null, protocols, List.of("TLS_AES_128_GCM_SHA256"),
				TlsProperties.ClientAuth.NONE, null, true, redirectPort, null,
				new TlsProperties.Hsts(true, Duration.ofDays(365), true, false));
	}

}
