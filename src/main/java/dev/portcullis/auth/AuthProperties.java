package dev.portcullis.auth;

import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.portcullis.config.InvalidPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The authentication profiles that routes name in their {@code Authenticate} filter.
 *
 * @param auth the profiles by name, from {@code portcullis.auth.<profile>}
 */
@ConfigurationProperties("portcullis")
public record AuthProperties(Map<String, Profile> auth) {

	private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

	/** RFC 9110 §5.1 token characters: what a header name may hold. */
	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9A-Fa-f]{64}");

	public AuthProperties(@Nullable Map<String, Profile> auth) {
		Map<String, Profile> checked = new LinkedHashMap<>();
		if (auth != null) {
			auth.forEach((name, profile) -> checked.put(name, check(name, profile)));
		}
		this.auth = Map.copyOf(checked);
	}

	private static Profile check(String name, @Nullable Profile profile) {
		String prefix = "portcullis.auth." + name;
		if (!PROFILE_NAME.matcher(name).matches()) {
			throw new InvalidPropertyException(prefix, "a profile name may hold only letters, digits, '_' and '-'");
		}
		if (profile == null || profile.type() == null) {
			throw new InvalidPropertyException(prefix + ".type", "set the type: jwt or api-key");
		}
		if (profile.subjectHeader() != null && !HEADER_NAME.matcher(profile.subjectHeader()).matches()) {
			throw new InvalidPropertyException(prefix + ".subject-header",
					"'" + profile.subjectHeader() + "' is not a header name");
		}
		if (profile.type() == Type.JWT) {
			checkJwt(prefix, profile);
		}
		else {
			checkApiKey(prefix, profile);
		}
		return profile;
	}

	private static void checkJwt(String prefix, Profile profile) {
		boolean remote = profile.jwkSetUri() != null;
		boolean local = profile.publicKey() != null && !profile.publicKey().isBlank();
		if (remote == local) {
			throw new InvalidPropertyException(prefix + ".jwk-set-uri",
					"a jwt profile needs exactly one of jwk-set-uri and public-key");
		}
		if (remote) {
			URI uri = profile.jwkSetUri();
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
				throw new InvalidPropertyException(prefix + ".jwk-set-uri",
						"'" + uri + "' is not an absolute http(s) URI");
			}
		}
		if (profile.clockSkew().isNegative() || profile.clockSkew().compareTo(Duration.ofMinutes(10)) > 0) {
			throw new InvalidPropertyException(prefix + ".clock-skew", "must lie between 0s and 10m");
		}
		if (profile.jwkTimeout().isNegative() || profile.jwkTimeout().isZero()
				|| profile.jwkTimeout().compareTo(Duration.ofSeconds(30)) > 0) {
			throw new InvalidPropertyException(prefix + ".jwk-timeout", "must lie between 1ms and 30s");
		}
		for (String scope : profile.requiredScopes()) {
			if (scope.isBlank() || scope.contains(" ")) {
				throw new InvalidPropertyException(prefix + ".required-scopes", "'" + scope + "' is not a scope");
			}
		}
		if (!profile.keys().isEmpty()) {
			throw new InvalidPropertyException(prefix + ".keys", "keys belong to api-key profiles, not jwt ones");
		}
	}

	private static void checkApiKey(String prefix, Profile profile) {
		if (!HEADER_NAME.matcher(profile.header()).matches()) {
			throw new InvalidPropertyException(prefix + ".header", "'" + profile.header() + "' is not a header name");
		}
		if (profile.keys().isEmpty()) {
			throw new InvalidPropertyException(prefix + ".keys",
					"an api-key profile needs at least one key: <name>: <SHA-256 of the key, in hex>");
		}
		profile.keys().forEach((keyName, hash) -> {
			if (hash == null || !SHA256_HEX.matcher(hash).matches()) {
				throw new InvalidPropertyException(prefix + ".keys." + keyName,
						"not a SHA-256 hash in hex (64 hex digits), such as the output of: printf %s \"$KEY\" | sha256sum");
			}
		});
		if (profile.jwkSetUri() != null || profile.publicKey() != null || profile.issuer() != null
				|| !profile.audiences().isEmpty() || !profile.requiredScopes().isEmpty()
				|| !profile.requiredClaims().isEmpty()) {
			throw new InvalidPropertyException(prefix + ".type",
					"an api-key profile takes header and keys; issuer, jwk-set-uri, public-key, audiences, required-scopes and required-claims belong to jwt profiles");
		}
	}

	/** The mechanism of a profile. */
	public enum Type {

		/**
		 * A JWT bearer token in {@code Authorization}, checked as an OAuth 2 resource
		 * server does.
		 */
		JWT,

		/** A secret key in a header, compared with configured SHA-256 hashes. */
		API_KEY

	}

	/**
	 * One authentication profile.
	 *
	 * @param type {@code jwt} or {@code api-key}
	 * @param issuer (jwt) the {@code iss} a token must carry; unset: any issuer
	 * @param jwkSetUri (jwt) where the issuer publishes its signing keys (JWK set);
	 * fetched without blocking, cached, and fetched again when a token names a key not in
	 * the cache
	 * @param publicKey (jwt) instead of a JWK set: a file with the issuer's RSA or EC
	 * public key in PEM ({@code -----BEGIN PUBLIC KEY-----})
	 * @param audiences (jwt) a token's {@code aud} must hold at least one of these;
	 * empty: any audience
	 * @param requiredScopes (jwt) scopes a token must hold ({@code scope} or {@code scp}
	 * claim); a token without them is answered 403
	 * @param requiredClaims (jwt) claims a token must carry with the given value (or, for
	 * a list claim, contain it); a token without them is answered 403
	 * @param clockSkew (jwt) how far {@code exp} and {@code nbf} may be off the gateway's
	 * clock
	 * @param jwkTimeout (jwt) longest a token check may wait for the JWK set endpoint
	 * (the whole fetch); past it, and when the endpoint is unreachable, the request is
	 * answered 503
	 * @param header (api-key) the request header that carries the key
	 * @param keys (api-key) the accepted keys: name (the subject) to the SHA-256 hash of
	 * the key in hex
	 * @param subjectHeader the request header that carries the authenticated subject
	 * upstream; unset: none. Such a header sent by a client is always removed
	 */
	public record Profile(@Nullable Type type, @Nullable String issuer, @Nullable URI jwkSetUri,
			@Nullable String publicKey, @DefaultValue List<String> audiences, @DefaultValue List<String> requiredScopes,
			@DefaultValue Map<String, String> requiredClaims, @DefaultValue("60s") Duration clockSkew,
			@DefaultValue("3s") Duration jwkTimeout, @DefaultValue("X-API-Key") String header,
			@DefaultValue Map<String, String> keys, @Nullable String subjectHeader) {

		/** The key hashes as bytes, by key name. */
		Map<String, byte[]> keyHashes() {
			Map<String, byte[]> hashes = new LinkedHashMap<>();
			this.keys.forEach((name, hex) -> hashes.put(name, HexFormat.of().parseHex(hex)));
			return hashes;
		}

	}

}
