package dev.portcullis.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.portcullis.auth.AuthProperties.Profile;
import dev.portcullis.config.InvalidPropertyException;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds the token decoder of a JWT profile: Spring Security's
 * {@link NimbusReactiveJwtDecoder} with the profile's keys and checks. A JWK set is
 * fetched with a non-blocking {@link WebClient} bounded by {@code jwk-timeout}, cached,
 * and fetched again only when a token names a key the cache lacks (key rotation). A
 * public key file is read once, at start-up.
 */
final class TokenDecoders {

	private static final List<SignatureAlgorithm> ASYMMETRIC = List.of(SignatureAlgorithm.RS256,
			SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384,
			SignatureAlgorithm.PS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512);

	private TokenDecoders() {
	}

	static ReactiveJwtDecoder of(String name, Profile profile) {
		NimbusReactiveJwtDecoder decoder = (profile.jwkSetUri() != null) ? remote(profile)
				: local(name, profile.publicKey());
		decoder.setJwtValidator(validator(profile));
		return decoder;
	}

	private static NimbusReactiveJwtDecoder remote(Profile profile) {
		int connectMillis = (int) Math.max(1, profile.jwkTimeout().toMillis());
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
			.responseTimeout(profile.jwkTimeout());
		WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
		return NimbusReactiveJwtDecoder.withJwkSetUri(profile.jwkSetUri().toString())
			.webClient(web)
			.jwsAlgorithms((algorithms) -> algorithms.addAll(ASYMMETRIC))
			.build();
	}

	private static NimbusReactiveJwtDecoder local(String name, String file) {
		String property = "portcullis.auth." + name + ".public-key";
		PublicKey key = readPublicKey(property, Path.of(file));
		JWK jwk;
		List<SignatureAlgorithm> algorithms = new ArrayList<>();
		if (key instanceof RSAPublicKey rsa) {
			jwk = new RSAKey.Builder(rsa).build();
			algorithms.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512,
					SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512));
		}
		else if (key instanceof ECPublicKey ec) {
			Curve curve = Curve.forECParameterSpec(ec.getParams());
			if (curve == null
					|| !(Curve.P_256.equals(curve) || Curve.P_384.equals(curve) || Curve.P_521.equals(curve))) {
				throw new InvalidPropertyException(property, "an EC key must be on P-256, P-384 or P-521");
			}
			jwk = new ECKey.Builder(curve, ec).build();
			algorithms.add(Curve.P_256.equals(curve) ? SignatureAlgorithm.ES256
					: Curve.P_384.equals(curve) ? SignatureAlgorithm.ES384 : SignatureAlgorithm.ES512);
		}
		else {
			throw new InvalidPropertyException(property, "the key must be an RSA or EC public key");
		}
		// Nimbus matches keys by the token's key id; the one configured key stands for
		// any id, as a single public key has no id of its own.
		NimbusReactiveJwtDecoder.JwkSourceReactiveJwtDecoderBuilder builder = NimbusReactiveJwtDecoder
			.withJwkSource((jwt) -> Flux.just(withKeyId(jwk, jwt.getHeader().getKeyID())));
		algorithms.forEach(builder::jwsAlgorithm);
		return builder.build();
	}

	private static JWK withKeyId(JWK jwk, @Nullable String keyId) {
		if (keyId == null) {
			return jwk;
		}
		return (jwk instanceof RSAKey rsa) ? new RSAKey.Builder(rsa).keyID(keyId).build()
				: new ECKey.Builder((ECKey) jwk).keyID(keyId).build();
	}

	/**
	 * Reads an RSA or EC public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----},
	 * X.509 SubjectPublicKeyInfo). Runs at start-up only.
	 */
	static PublicKey readPublicKey(String property, Path file) {
		String pem;
		try {
			pem = Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new InvalidPropertyException(property, "cannot read '" + file + "' (" + ex.getMessage() + ")");
		}
		int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
		int end = pem.indexOf("-----END PUBLIC KEY-----");
		if (begin < 0 || end < begin) {
			throw new InvalidPropertyException(property,
					"'" + file + "' holds no PEM public key (-----BEGIN PUBLIC KEY-----)");
		}
		byte[] der;
		try {
			der = Base64.getMimeDecoder().decode(pem.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPropertyException(property, "'" + file + "' holds broken base64");
		}
		for (String algorithm : List.of("RSA", "EC")) {
			try {
				return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
			}
			catch (GeneralSecurityException ex) {
				// Not a key of this algorithm; try the next.
			}
		}
		throw new InvalidPropertyException(property, "'" + file + "' holds neither an RSA nor an EC public key");
	}

	private static OAuth2TokenValidator<Jwt> validator(Profile profile) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(new JwtTimestampValidator(profile.clockSkew()));
		if (profile.issuer() != null) {
			validators.add(new JwtIssuerValidator(profile.issuer()));
		}
		if (!profile.audiences().isEmpty()) {
			List<String> accepted = List.copyOf(profile.audiences());
			validators.add((jwt) -> {
				List<String> audience = jwt.getAudience();
				boolean meant = audience != null && audience.stream().anyMatch(accepted::contains);
				return meant ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult
					.failure(new OAuth2Error("invalid_token", "The token is not meant for this audience", null));
			});
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

}
