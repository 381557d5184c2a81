package dev.portcullis.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import dev.portcullis.config.InvalidPropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenDecodersTests {

	@TempDir
	Path files;

	@Test
	void readsRsaAndEcPublicKeysFromPem() throws Exception {
		KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
		rsa.initialize(2048);
		KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
		ec.initialize(new ECGenParameterSpec("secp384r1"));
		assertThat(read(pem(rsa.generateKeyPair().getPublic()))).isInstanceOf(RSAPublicKey.class);
		assertThat(read(pem(ec.generateKeyPair().getPublic()))).isInstanceOf(ECPublicKey.class);
	}

	@Test
	void refusesAMissingFileAFileWithoutAKeyAndGarbage() throws Exception {
		assertThatThrownBy(() -> TokenDecoders.readPublicKey("p", this.files.resolve("none.pem")))
			.isInstanceOf(InvalidPropertyException.class)
			.hasMessageContaining("cannot read");
		assertThatThrownBy(() -> read("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
			.hasMessageContaining("no PEM public key");
		assertThatThrownBy(() -> read("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----\n"))
			.hasMessageContaining("neither an RSA nor an EC public key");
		assertThatThrownBy(() -> read("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
			.hasMessageContaining("neither an RSA nor an EC public key");
	}

	private PublicKey read(String pem) throws Exception {
		Path file = Files.createTempFile(this.files, "key", ".pem");
		Files.writeString(file, pem);
		return TokenDecoders.readPublicKey("p", file);
	}

	private static String pem(PublicKey key) {
		return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
	}

}
