package dev.portcullis.tls;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.portcullis.config.InvalidPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * TLS on the public port. The certificate files become Spring Boot SSL bundle
 * {@value #BUNDLE}, reloaded when they change (see {@link TlsEnvironmentPostProcessor}).
 *
 * @param enabled whether the public port speaks TLS (and only TLS)
 * @param certificate PEM file with the server certificate, followed by its chain
 * @param privateKey PEM file with the certificate's private key (PKCS#8, PKCS#1 or SEC 1)
 * @param privateKeyPassword password of an encrypted private key
 * @param protocols TLS versions offered; only {@code TLSv1.2} and {@code TLSv1.3} may be
 * named
 * @param ciphers cipher suites offered, in order of preference
 * @param clientAuth whether clients must present a certificate (mutual TLS):
 * {@code none}, {@code want} (asked for, optional) or {@code need} (handshake fails
 * without one)
 * @param clientCa PEM file with the CA certificates a client certificate must chain to;
 * required when {@code client-auth} is not {@code none}
 * @param http2 whether HTTP/2 is offered through ALPN next to HTTP/1.1
 * @param redirectPort port of an extra plain-HTTP listener that answers every request
 * with 308 to the same URL over https; none when unset
 * @param redirectTargetPort port written into the redirect's {@code Location}, when
 * clients reach the TLS port under another number (a Service on 443 in front of 8443);
 * the TLS port itself when unset, and left out when 443
 * @param hsts the {@code Strict-Transport-Security} header on TLS responses
 */
@ConfigurationProperties("portcullis.tls")
public record TlsProperties(boolean enabled, @Nullable String certificate, @Nullable String privateKey,
		@Nullable String privateKeyPassword, @DefaultValue( {
				"TLSv1.3", "TLSv1.2" }) List<String> protocols,
		@DefaultValue({ "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
				"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
				"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
				"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
				"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" }) List<String> ciphers,
		@DefaultValue("none") ClientAuth clientAuth, @Nullable String clientCa, @DefaultValue("true") boolean http2,
		@Nullable Integer redirectPort, @Nullable Integer redirectTargetPort, @DefaultValue Hsts hsts){

	/** The SSL bundle the public port's certificate is registered as. */
	public static final String BUNDLE = "portcullis";

	static final String PREFIX = "portcullis.tls.";

	private static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

	public TlsProperties {
		protocols = List.copyOf(protocols);
		ciphers = List.copyOf(ciphers);
		if (enabled) {
			required(certificate, "certificate");
			required(privateKey, "private-key");
			if (clientAuth != ClientAuth.NONE) {
				required(clientCa, "client-ca");
			}
		}
		if (protocols.isEmpty()) {
			throw new InvalidPropertyException(PREFIX + "protocols", "name at least one of TLSv1.2 and TLSv1.3");
		}
		for (int i = 0; i < protocols.size(); i++) {
			if (!ALLOWED_PROTOCOLS.contains(protocols.get(i))) {
				throw new InvalidPropertyException(PREFIX + "protocols[" + i + "]",
						"'" + protocols.get(i) + "' is not allowed; only TLSv1.2 and TLSv1.3 are");
			}
		}
		if (ciphers.isEmpty()) {
			throw new InvalidPropertyException(PREFIX + "ciphers", "name at least one cipher suite");
		}
		port(redirectPort, "redirect-port");
		port(redirectTargetPort, "redirect-target-port");
		if (redirectPort != null && !enabled) {
			throw new InvalidPropertyException(PREFIX + "redirect-port", "needs portcullis.tls.enabled=true");
		}
	}

	private static void required(@Nullable String value, String name) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidPropertyException(PREFIX + name, "required when TLS is enabled");
		}
	}

	private static void port(@Nullable Integer port, String name) {
		if (port != null && (port < 0 || port > 65535)) {
			throw new InvalidPropertyException(PREFIX + name, "must be between 0 and 65535");
		}
	}

	/** Whether clients are asked for a certificate. */
	public enum ClientAuth {

		/** No client certificate is asked for. */
		NONE,

		/** A client certificate is asked for; the handshake goes on without one. */
		WANT,

		/** The handshake fails without a client certificate the client CA signed. */
		NEED

	}

	/**
	 * The {@code Strict-Transport-Security} header (RFC 6797) sent on every TLS response.
	 *
	 * @param enabled whether the header is sent
	 * @param maxAge how long browsers should remember to use https only
	 * @param includeSubdomains whether the rule covers every subdomain too
	 * @param preload whether to ask for inclusion in browsers' preload lists, which is
	 * hard to undo
	 */
	public record Hsts(@DefaultValue("true") boolean enabled, @DefaultValue("365d") Duration maxAge,
			@DefaultValue("true") boolean includeSubdomains, @DefaultValue("false") boolean preload) {

		public Hsts {
			if (maxAge.isNegative()) {
				throw new InvalidPropertyException(PREFIX + "hsts.max-age", "must not be negative");
			}
		}

		/** The header's value. */
		String value() {
			return "max-age=" + this.maxAge.toSeconds() + (this.includeSubdomains ? "; includeSubDomains" : "")
					+ (this.preload ? "; preload" : "");
		}

	}

}
