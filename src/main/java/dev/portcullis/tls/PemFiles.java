package dev.portcullis.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

import dev.portcullis.config.InvalidPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.pem.PemContent;

/**
 * Reads the PEM files named by TLS properties at start-up, so that a missing or
 * unreadable file, or a key that does not belong to its certificate, stops the gateway
 * with the property's name instead of failing the first handshake.
 */
final class PemFiles {

	private static final byte[] PROBE = "portcullis key check".getBytes(StandardCharsets.US_ASCII);

	private PemFiles() {
	}

	/**
	 * The file a location names: a path, or a {@code file:} URL as Spring Boot's SSL
	 * bundles take it.
	 */
	static Path path(String location) {
		String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
		return Path.of(path).toAbsolutePath().normalize();
	}

	/** The location as an SSL bundle property takes it. */
	static String bundleLocation(String location) {
		return "file:" + path(location);
	}

	/** The certificates in a PEM file; at least one. */
	static List<X509Certificate> certificates(String property, String location) {
		PemContent content = load(property, location);
		List<X509Certificate> certificates;
		try {
			certificates = content.getCertificates();
		}
		catch (IllegalStateException ex) {
			certificates = List.of();
		}
		if (certificates.isEmpty()) {
			throw new InvalidPropertyException(property, "'" + location + "' holds no PEM certificate");
		}
		return certificates;
	}

	/**
	 * Checks that both files can be read and that the key is the private half of the
	 * first certificate's public key.
	 */
	static void checkKeyPair(String certificateProperty, String certificateLocation, String keyProperty,
			String keyLocation, @Nullable String password) {
		X509Certificate certificate = certificates(certificateProperty, certificateLocation).get(0);
		PrivateKey key = privateKey(keyProperty, keyLocation, password);
		if (!belongTogether(key, certificate.getPublicKey())) {
			throw new InvalidPropertyException(keyProperty, "the key in '" + keyLocation
					+ "' does not belong to the certificate in '" + certificateLocation + "'");
		}
	}

	private static PrivateKey privateKey(String property, String location, @Nullable String password) {
		PemContent content = load(property, location);
		if (!content.toString().contains("PRIVATE KEY-----")) {
			throw new InvalidPropertyException(property, "'" + location + "' holds no PEM private key");
		}
		try {
			PrivateKey key = content.getPrivateKey(password);
			if (key == null) {
				throw new InvalidPropertyException(property, "'" + location + "' holds no PEM private key");
			}
			return key;
		}
		catch (IllegalStateException ex) {
			throw new InvalidPropertyException(property,
					"'" + location + "' holds no private key that can be read (wrong password?)");
		}
	}

	static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
		String algorithm = signatureAlgorithm(key);
		if (algorithm == null || !key.getAlgorithm().equals(publicKey.getAlgorithm())) {
			return false;
		}
		try {
			Signature signer = Signature.getInstance(algorithm);
			signer.initSign(key);
			signer.update(PROBE);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(algorithm);
			verifier.initVerify(publicKey);
			verifier.update(PROBE);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static @Nullable String signatureAlgorithm(PrivateKey key) {
		return switch (key.getAlgorithm()) {
			case "RSA" -> "SHA256withRSA";
			case "EC" -> "SHA256withECDSA";
			case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
			default -> null;
		};
	}

	private static PemContent load(String property, String location) {
		Path path = path(location);
		if (!Files.isRegularFile(path)) {
			throw new InvalidPropertyException(property, "no file at '" + path + "'");
		}
		try {
			return PemContent.load(path);
		}
		catch (IOException | RuntimeException ex) {
			throw new InvalidPropertyException(property, "cannot read '" + path + "': " + ex.getMessage());
		}
	}

}
