package dev.portcullis.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made in the test, with BouncyCastle (on the test class path through the
 * Kubernetes client): a CA, and server or client certificates it signs, written as PEM
 * files the gateway reads. Keys are EC P-256, which are fast to make.
 */
final class TestCertificates {

	private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xffffffffL);

	private TestCertificates() {
	}

	/** A certificate authority that signs {@link Issued} certificates. */
	record Authority(X509Certificate certificate, PrivateKey key) {

		static Authority create(String name) {
			KeyPair pair = newKeyPair();
			X500Name subject = new X500Name("CN=" + name);
			X509v3CertificateBuilder builder = builder(subject, subject, pair);
			try {
				builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
				builder.addExtension(Extension.keyUsage, true,
						new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return new Authority(sign(builder, pair.getPrivate()), pair.getPrivate());
		}

		/** A certificate for 127.0.0.1 and localhost, good for a server or a client. */
		Issued issue(String name) {
			KeyPair pair = newKeyPair();
			X509v3CertificateBuilder builder = builder(
					new X500Name(this.certificate.getSubjectX500Principal().getName()), new X500Name("CN=" + name),
					pair);
			try {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
								new GeneralName(GeneralName.dNSName, "localhost") }));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return new Issued(sign(builder, this.key), pair.getPrivate(), this);
		}

		/** Writes the CA certificate as PEM and returns the file. */
		Path writeCertificate(Path file) {
			return write(file, pem("CERTIFICATE", encoded(this.certificate)));
		}

		/** An SSL context that trusts this CA only. */
		SSLContext trustingContext() {
			return context(null, this);
		}

	}

	/** A certificate signed by an {@link Authority}, with its private key. */
	record Issued(X509Certificate certificate, PrivateKey key, Authority issuer) {

		/** Writes the certificate (followed by its CA) and the PKCS#8 key as PEM. */
		void write(Path certificateFile, Path keyFile) {
			TestCertificates.write(keyFile, pem("PRIVATE KEY", this.key.getEncoded()));
			TestCertificates.write(certificateFile, pem("CERTIFICATE", encoded(this.certificate))
					+ pem("CERTIFICATE", encoded(this.issuer.certificate())));
		}

		/** An SSL context that presents this certificate and trusts {@code trusted}. */
		SSLContext clientContext(Authority trusted) {
			return context(this, trusted);
		}

	}

	private static SSLContext context(Issued identity, Authority trusted) {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("ca", trusted.certificate());
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trust);
			KeyManagerFactory keyManagers = null;
			if (identity != null) {
				KeyStore keys = KeyStore.getInstance("PKCS12");
				keys.load(null, null);
				keys.setKeyEntry("client", identity.key(), "secret".toCharArray(),
						new Certificate[] { identity.certificate(), identity.issuer().certificate() });
				keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				keyManagers.init(keys, "secret".toCharArray());
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init((keyManagers != null) ? keyManagers.getKeyManagers() : null, trustManagers.getTrustManagers(),
					new SecureRandom());
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair pair) {
		Instant now = Instant.now();
		return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
				Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
				pair.getPublic());
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
		try {
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
		}
		catch (OperatorCreationException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] encoded(X509Certificate certificate) {
		try {
			return certificate.getEncoded();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	static Path write(Path file, String content) {
		try {
			return Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
