package dev.portcullis.tls;

import dev.portcullis.config.InvalidPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * TLS from the gateway to {@code https://} upstream instances. Without any setting, an
 * upstream's certificate is verified against the JVM's trust store.
 *
 * @param trust PEM file with the CA certificates upstream certificates are verified
 * against, instead of the JVM's trust store
 * @param certificate PEM file with the client certificate (and chain) the gateway
 * presents to upstreams that ask for one
 * @param privateKey PEM file with the client certificate's private key
 * @param privateKeyPassword password of an encrypted private key
 * @param insecureTrustAll accept any upstream certificate without verification; for tests
 * only, logged at WARN on every start
 */
@ConfigurationProperties("portcullis.upstream-tls")
public record UpstreamTlsProperties(@Nullable String trust, @Nullable String certificate, @Nullable String privateKey,
		@Nullable String privateKeyPassword, boolean insecureTrustAll) {

	/** The SSL bundle the upstream trust and client certificate are registered as. */
	public static final String BUNDLE = "portcullis-upstream";

	static final String PREFIX = "portcullis.upstream-tls.";

	public UpstreamTlsProperties {
		if (StringUtils.hasText(certificate) != StringUtils.hasText(privateKey)) {
			String missing = StringUtils.hasText(certificate) ? "private-key" : "certificate";
			throw new InvalidPropertyException(PREFIX + missing, "certificate and private-key go together");
		}
		if (insecureTrustAll && StringUtils.hasText(trust)) {
			throw new InvalidPropertyException(PREFIX + "insecure-trust-all",
					"contradicts portcullis.upstream-tls.trust; set only one");
		}
	}

	/** Whether anything differs from verifying against the JVM's trust store. */
	boolean isConfigured() {
		return StringUtils.hasText(this.trust) || StringUtils.hasText(this.certificate) || this.insecureTrustAll;
	}

	boolean hasClientCertificate() {
		return StringUtils.hasText(this.certificate);
	}

}
