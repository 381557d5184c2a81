package dev.portcullis.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What a valid token must also grant to pass: scopes (RFC 8693 {@code scope}, a
 * space-separated string, or the {@code scp} list some issuers write) and claims with
 * given values. A token that lacks one is authentic but insufficient (403, not 401).
 */
final class TokenRequirements {

	private final List<String> scopes;

	private final Map<String, String> claims;

	TokenRequirements(List<String> scopes, Map<String, String> claims) {
		this.scopes = List.copyOf(scopes);
		this.claims = Map.copyOf(claims);
	}

	List<String> scopes() {
		return this.scopes;
	}

	/**
	 * What the token's claims fail to grant, as text for the client, or {@code null} when
	 * they grant everything required.
	 */
	@Nullable String unmet(Map<String, Object> tokenClaims) {
		Set<String> granted = grantedScopes(tokenClaims);
		List<String> missing = new ArrayList<>();
		for (String scope : this.scopes) {
			if (!granted.contains(scope)) {
				missing.add(scope);
			}
		}
		if (!missing.isEmpty()) {
			return "The token lacks the scope " + String.join(" ", missing) + ".";
		}
		for (Map.Entry<String, String> claim : this.claims.entrySet()) {
			if (!holds(tokenClaims.get(claim.getKey()), claim.getValue())) {
				return "The token's claim " + claim.getKey() + " does not grant access to this route.";
			}
		}
		return null;
	}

	static Set<String> grantedScopes(Map<String, Object> tokenClaims) {
		Set<String> granted = new LinkedHashSet<>();
		for (String name : List.of("scope", "scp")) {
			Object value = tokenClaims.get(name);
			if (value instanceof String text) {
				for (String scope : text.trim().split("\\s+")) {
					if (!scope.isEmpty()) {
						granted.add(scope);
					}
				}
			}
			else if (value instanceof Collection<?> list) {
				for (Object scope : list) {
					if (scope != null) {
						granted.add(scope.toString());
					}
				}
			}
		}
		return granted;
	}

	/**
	 * A claim holds a required value when it equals it, or when it is a list that
	 * contains it; numbers and booleans compare by their text.
	 */
	private static boolean holds(@Nullable Object claim, String required) {
		if (claim instanceof Collection<?> list) {
			for (Object element : list) {
				if (element != null && element.toString().equals(required)) {
					return true;
				}
			}
			return false;
		}
		return claim != null && !(claim instanceof Map) && claim.toString().equals(required);
	}

}
