package dev.portcullis.auth;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenRequirementsTests {

	private final TokenRequirements orders = new TokenRequirements(List.of("orders.read", "orders.write"),
			Map.of("tenant", "acme"));

	@Test
	void grantsWhenEveryScopeAndClaimIsThere() {
		assertThat(this.orders.unmet(Map.of("scope", "profile orders.write orders.read", "tenant", "acme"))).isNull();
	}

	@Test
	void readsScopesFromTheScpListToo() {
		assertThat(this.orders.unmet(Map.of("scp", List.of("orders.read", "orders.write"), "tenant", "acme"))).isNull();
		assertThat(TokenRequirements.grantedScopes(Map.of("scope", "  a   b ", "scp", "c"))).containsExactly("a", "b",
				"c");
	}

	@Test
	void namesTheMissingScopes() {
		assertThat(this.orders.unmet(Map.of("scope", "orders.read", "tenant", "acme")))
			.isEqualTo("The token lacks the scope orders.write.");
		assertThat(this.orders.unmet(Map.of("tenant", "acme"))).contains("orders.read orders.write");
	}

	@Test
	void refusesAMissingOrDifferentClaim() {
		String scopes = "orders.read orders.write";
		assertThat(this.orders.unmet(Map.of("scope", scopes))).contains("tenant");
		assertThat(this.orders.unmet(Map.of("scope", scopes, "tenant", "globex"))).contains("tenant");
		assertThat(this.orders.unmet(Map.of("scope", scopes, "tenant", "ACME"))).contains("tenant");
		assertThat(this.orders.unmet(Map.of("scope", scopes, "tenant", Map.of("acme", "acme")))).contains("tenant");
	}

	@Test
	void acceptsAListClaimThatContainsTheValueAndComparesNumbersAsText() {
		TokenRequirements level = new TokenRequirements(List.of(), Map.of("groups", "ops", "level", "3"));
		assertThat(level.unmet(Map.of("groups", List.of("dev", "ops"), "level", 3))).isNull();
		assertThat(level.unmet(Map.of("groups", List.of("dev"), "level", 3))).contains("groups");
	}

	@Test
	void requiresNothingWhenNothingIsConfigured() {
		assertThat(new TokenRequirements(List.of(), Map.of()).unmet(Map.of())).isNull();
	}

}
