package dev.portcullis.tls;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PemFilesTests {

	@Test
	void takesPathsAndFileUrls() {
		assertThat(PemFiles.path("file:/etc/portcullis/tls/tls.crt")).isEqualTo(Path.of("/etc/portcullis/tls/tls.crt"));
		assertThat(PemFiles.path("/etc/portcullis/tls/../tls/tls.key"))
			.isEqualTo(Path.of("/etc/portcullis/tls/tls.key"));
		assertThat(PemFiles.bundleLocation("/etc/tls.crt")).isEqualTo("file:/etc/tls.crt");
	}

	@Test
	void tellsWhetherAKeyBelongsToACertificate() {
		TestCertificates.Authority ca = TestCertificates.Authority.create("Pair CA");
		TestCertificates.Issued one = ca.issue("one");
		TestCertificates.Issued two = ca.issue("two");
		assertThat(PemFiles.belongTogether(one.key(), one.certificate().getPublicKey())).isTrue();
		assertThat(PemFiles.belongTogether(one.key(), two.certificate().getPublicKey())).isFalse();
		assertThat(PemFiles.belongTogether(ca.key(), one.certificate().getPublicKey())).isFalse();
	}

}
