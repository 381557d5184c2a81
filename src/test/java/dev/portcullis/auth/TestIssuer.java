package dev.portcullis.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real JWT issuer for tests: an RSA key whose public half is served as a JWK set over
 * HTTP on a loopback port, and an EC key for public-key-file profiles; it signs tokens
 * with either and counts the JWK set fetches.
 */
final class TestIssuer implements AutoCloseable {

	static final String ISSUER = "https://issuer.test";

	private final RSAKey rsa;

	private final ECKey ec;

	private final AtomicInteger fetches = new AtomicInteger();

	private final DisposableServer server;

	TestIssuer() throws JOSEException {
		this.rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
		this.ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
		String jwks = new JWKSet(this.rsa.toPublicJWK()).toString();
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/jwks", (request, response) -> {
				this.fetches.incrementAndGet();
				return response.header("Content-Type", "application/json")
					.sendString(Mono.just(jwks), StandardCharsets.UTF_8);
			}))
			.bindNow(Duration.ofSeconds(10));
	}

	String jwkSetUri() {
		return "http://127.0.0.1:" + this.server.port() + "/jwks";
	}

	int fetches() {
		return this.fetches.get();
	}

	/** The EC public key in PEM, for a {@code public-key} file. */
	String ecPublicKeyPem() throws JOSEException {
		byte[] der = this.ec.toECPublicKey().getEncoded();
		return "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der)
				+ "\n-----END PUBLIC KEY-----\n";
	}

	/** A token signed with the served RSA key. */
	String token(Map<String, Object> claims) {
		return sign(this.rsa, claims);
	}

	/** A token signed with a fresh RSA key that claims the served key's id. */
	String forgedToken(Map<String, Object> claims) throws JOSEException {
		return sign(new RSAKeyGenerator(2048).keyID("rsa-1").generate(), claims);
	}

	/** A token signed with the EC key. */
	String ecToken(Map<String, Object> claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(),
					claims(claims));
			jwt.sign(new ECDSASigner(this.ec));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String sign(RSAKey key, Map<String, Object> claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims(claims));
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Standard claims valid for five minutes (subject alice, the test issuer, audience
	 * orders, scope orders.read), overridden by {@code claims}; a {@code null} value
	 * removes a claim.
	 */
	private static JWTClaimsSet claims(Map<String, Object> overrides) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject("alice")
			.issuer(ISSUER)
			.audience(List.of("orders"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.claim("scope", "orders.read profile");
		overrides.forEach(builder::claim);
		return builder.build();
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
	}

}
