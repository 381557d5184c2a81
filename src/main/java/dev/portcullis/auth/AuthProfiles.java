package dev.portcullis.auth;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.portcullis.auth.AuthProperties.Profile;
import org.jspecify.annotations.Nullable;

/**
 * The configured profiles, each ready to authenticate, and the subject headers that no
 * client may send.
 */
final class AuthProfiles {

	private final Map<String, Authenticator> authenticators;

	private final Map<String, Profile> profiles;

	private AuthProfiles(Map<String, Profile> profiles, Map<String, Authenticator> authenticators) {
		this.profiles = Map.copyOf(profiles);
		this.authenticators = Map.copyOf(authenticators);
	}

	/** Builds every profile's checks; reads public key files, so call it at start-up. */
	static AuthProfiles of(AuthProperties properties) {
		Map<String, Authenticator> authenticators = new LinkedHashMap<>();
		properties.auth().forEach((name, profile) -> authenticators.put(name, authenticator(name, profile)));
		return new AuthProfiles(properties.auth(), authenticators);
	}

	private static Authenticator authenticator(String name, Profile profile) {
		if (profile.type() == AuthProperties.Type.API_KEY) {
			return new ApiKeyAuthenticator(profile.header(), new ApiKeys(profile.keyHashes()));
		}
		return new JwtAuthenticator(name, TokenDecoders.of(name, profile),
				new TokenRequirements(profile.requiredScopes(), profile.requiredClaims()), profile.jwkTimeout());
	}

	@Nullable Authenticator authenticator(String name) {
		return this.authenticators.get(name);
	}

	@Nullable String subjectHeader(String name) {
		Profile profile = this.profiles.get(name);
		return (profile != null) ? profile.subjectHeader() : null;
	}

	Set<String> names() {
		return new LinkedHashSet<>(this.profiles.keySet());
	}

	/** Every profile's subject header: the headers removed from every client request. */
	Set<String> subjectHeaders() {
		Set<String> headers = new LinkedHashSet<>();
		this.profiles.values().forEach((profile) -> {
			if (profile.subjectHeader() != null) {
				headers.add(profile.subjectHeader());
			}
		});
		return headers;
	}

}
