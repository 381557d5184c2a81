package dev.portcullis.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.portcullis.testsupport.FreePorts;
import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each authentication mode through the real gateway, with a real JWT issuer serving its
 * JWK set over HTTP and a real upstream: good credentials pass with the subject in a
 * header, bad ones get 401 and insufficient ones 403, each with its
 * {@code WWW-Authenticate} challenge and a problem body, and none of them reaches the
 * upstream.
 */
class AuthIntegrationTests {

	private static final String SUBJECT = "X-Authenticated-Subject";

	@TempDir
	static Path files;

	private static TestIssuer issuer;

	private static TestUpstream upstream;

	private static TestGateway gateway;

	@BeforeAll
	static void start() throws Exception {
		issuer = new TestIssuer();
		upstream = TestUpstream.start("app");
		Path pem = files.resolve("issuer-ec.pem");
		Files.writeString(pem, issuer.ecPublicKeyPem());
		String key = HexFormat.of().formatHex(ApiKeys.sha256("alice-secret"));
		gateway = TestGateway
			.start(new Routes().route("jwt", upstream.url(), List.of("Path=/jwt/**"), List.of("Authenticate=orders"))
				.route("down", upstream.url(), List.of("Path=/down/**"), List.of("Authenticate=down"))
				.route("key", upstream.url(), List.of("Path=/key/**"), List.of("Authenticate=keys"))
				.route("claims", upstream.url(), List.of("Path=/claims/**"), List.of("Authenticate=tenant"))
				.route("open", upstream.url(), List.of("Path=/open/**"), List.of())
				.route("tenant-limited", upstream.url(), List.of("Path=/limited/**"), List.of("Authenticate=tenant"))
				.route("cached-key", upstream.url(), List.of("Path=/cached/**"),
						List.of("Authenticate=keys", "ResponseCache"))
				.with("spring.cloud.gateway.server.webflux.routes[5].filters[1].name", "RateLimit")
				.with("spring.cloud.gateway.server.webflux.routes[5].filters[1].args.limits[0]", "1/1h")
				.with("spring.cloud.gateway.server.webflux.routes[5].filters[1].args.key", "claim:team")
				.with("portcullis.auth.orders.type", "jwt")
				.with("portcullis.auth.orders.issuer", TestIssuer.ISSUER)
				.with("portcullis.auth.orders.jwk-set-uri", issuer.jwkSetUri())
				.with("portcullis.auth.orders.audiences[0]", "orders")
				.with("portcullis.auth.orders.required-scopes[0]", "orders.read")
				.with("portcullis.auth.orders.clock-skew", "5s")
				// Generous: the first fetch in a cold JVM on a busy machine is slow.
				.with("portcullis.auth.orders.jwk-timeout", "15s")
				.with("portcullis.auth.orders.subject-header", SUBJECT)
				.with("portcullis.auth.down.type", "jwt")
				.with("portcullis.auth.down.jwk-set-uri", "http://127.0.0.1:" + FreePorts.next() + "/jwks")
				.with("portcullis.auth.down.jwk-timeout", "1s")
				.with("portcullis.auth.keys.type", "api-key")
				.with("portcullis.auth.keys.keys.alice", key)
				.with("portcullis.auth.keys.subject-header", "X-Key-Owner")
				.with("portcullis.auth.tenant.type", "jwt")
				.with("portcullis.auth.tenant.public-key", pem.toString())
				.with("portcullis.auth.tenant.required-claims.tenant", "acme")
				.with("portcullis.auth.tenant.subject-header", SUBJECT)
				.properties());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		upstream.close();
		issuer.close();
	}

	@BeforeEach
	void clear() {
		upstream.clear();
	}

	@Test
	void aGoodTokenPassesWithItsSubjectUpstreamReplacingTheClientsOwnHeader() {
		gateway.client()
			.get()
			.uri("/jwt/orders")
			.headers((h) -> h.setBearerAuth(issuer.token(Map.of())))
			.header(SUBJECT, "mallory")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("app GET /jwt/orders");
		assertThat(upstream.lastReceived().headers().get(SUBJECT)).containsExactly("alice");
	}

	@Test
	void aResponseToAnAuthenticatedRequestIsStoredOnlyWhenItSaysItMayBeShared() {
		String privateUri = "/cached/private?respondHeader=Cache-Control:max-age=60";
		String sharedUri = "/cached/shared?respondHeader=Cache-Control:s-maxage=60";
		for (int i = 0; i < 2; i++) {
			for (String uri : List.of(privateUri, sharedUri)) {
				gateway.client()
					.get()
					.uri(uri)
					.header("X-API-Key", "alice-secret")
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody(String.class);
			}
		}
		// An API key is a credential like Authorization (RFC 9111 §3.5): max-age alone
		// does
		// not let a shared cache hand one client's answer to another; s-maxage does.
		assertThat(upstream.received()).extracting((received) -> received.uri().replaceAll("\\?.*", ""))
			.containsExactlyInAnyOrder("/cached/private", "/cached/private", "/cached/shared");
	}

	@Test
	void aMissingTokenGets401WithABearerChallengeWithoutErrorCode() {
		expectRefused(gateway.client().get().uri("/jwt/orders"), 401, "Bearer realm=\"orders\"");
	}

	@Test
	void expiredForgedWrongIssuerAndWrongAudienceTokensGet401InvalidToken() throws Exception {
		Instant past = Instant.now().minusSeconds(600);
		Map<String, Object> expired = new HashMap<>();
		expired.put("exp", Date.from(past));
		expired.put("iat", Date.from(past.minusSeconds(60)));
		List<String> tokens = List.of(issuer.token(expired), issuer.forgedToken(Map.of()),
				issuer.token(Map.of("iss", "https://other.test")), issuer.token(Map.of("aud", List.of("billing"))),
				issuer.ecToken(Map.of()), "not.a.jwt");
		for (String token : tokens) {
			expectRefused(gateway.client().get().uri("/jwt/orders").headers((h) -> h.setBearerAuth(token)), 401,
					"error=\"invalid_token\"");
		}
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void aTokenWithoutTheRequiredScopeGets403InsufficientScope() {
		expectRefused(
				gateway.client()
					.get()
					.uri("/jwt/orders")
					.headers((h) -> h.setBearerAuth(issuer.token(Map.of("scope", "profile")))),
				403, "error=\"insufficient_scope\"");
	}

	@Test
	void anotherSchemeThanBearerGets401() {
		expectRefused(gateway.client().get().uri("/jwt/orders").headers((h) -> h.setBasicAuth("alice", "secret")), 401,
				"error=\"invalid_token\"");
	}

	@Test
	void anUnreachableJwkSetGets503NotA401() {
		gateway.client()
			.get()
			.uri("/down/orders")
			.headers((h) -> h.setBearerAuth(issuer.token(Map.of())))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("keys needed to check the token"));
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void aPublicKeyFileProfileChecksTheSignatureAndTheRequiredClaim() {
		gateway.client()
			.get()
			.uri("/claims/x")
			.headers((h) -> h.setBearerAuth(issuer.ecToken(Map.of("tenant", "acme"))))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.consumeWith((body) -> assertThat(upstream.lastReceived().headers().get(SUBJECT)).containsExactly("alice"));
		upstream.clear();
		expectRefused(
				gateway.client()
					.get()
					.uri("/claims/x")
					.headers((h) -> h.setBearerAuth(issuer.ecToken(Map.of("tenant", "globex")))),
				403, "error=\"insufficient_scope\"");
		expectRefused(
				gateway.client()
					.get()
					.uri("/claims/x")
					.headers((h) -> h.setBearerAuth(issuer.token(Map.of("tenant", "acme")))),
				401, "error=\"invalid_token\"");
	}

	@Test
	void aGoodApiKeyPassesAsItsNamedSubject() {
		gateway.client()
			.get()
			.uri("/key/x")
			.header("X-API-Key", "alice-secret")
			.header("X-Key-Owner", "mallory")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("app GET /key/x");
		assertThat(upstream.lastReceived().headers().get("X-Key-Owner")).containsExactly("alice");
	}

	@Test
	void aWrongOrMissingApiKeyGets401WithAnApiKeyChallenge() {
		expectRefused(gateway.client().get().uri("/key/x").header("X-API-Key", "alice-secret2"), 401,
				"ApiKey header=\"X-API-Key\"");
		expectRefused(gateway.client().get().uri("/key/x"), 401, "ApiKey header=\"X-API-Key\"");
	}

	@Test
	void clientSentSubjectHeadersAreRemovedOnRoutesWithoutAuthentication() {
		gateway.client()
			.get()
			.uri("/open/x")
			.header(SUBJECT, "mallory")
			.header("X-Key-Owner", "mallory")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("app GET /open/x");
		HttpHeaders received = upstream.lastReceived().headers();
		assertThat(received.containsHeader(SUBJECT)).isFalse();
		assertThat(received.containsHeader("X-Key-Owner")).isFalse();
	}

	@Test
	void theJwkSetIsCachedAcrossRequests() {
		int fetchesBefore = -1;
		for (int i = 0; i < 4; i++) {
			if (i == 1) {
				fetchesBefore = issuer.fetches();
			}
			gateway.client()
				.get()
				.uri("/jwt/orders")
				.headers((h) -> h.setBearerAuth(issuer.token(Map.of())))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("app GET /jwt/orders");
		}
		assertThat(fetchesBefore).isPositive();
		assertThat(issuer.fetches()).isEqualTo(fetchesBefore);
	}

	@Test
	void aClaimRateLimitKeyCountsEachClaimValueApartAfterAuthentication() {
		assertThat(limited(issuer.ecToken(Map.of("tenant", "acme", "team", "red")))).isEqualTo(200);
		assertThat(limited(issuer.ecToken(Map.of("tenant", "acme", "team", "red", "sub", "bob")))).isEqualTo(429);
		assertThat(limited(issuer.ecToken(Map.of("tenant", "acme", "team", "blue")))).isEqualTo(200);
		// Authentication runs first: a bad token is refused without spending a quota.
		upstream.clear();
		expectRefused(gateway.client().get().uri("/limited/x").headers((h) -> h.setBearerAuth("bad.to.ken")), 401,
				"invalid_token");
	}

	private static int limited(String token) {
		return gateway.client()
			.get()
			.uri("/limited/x")
			.headers((h) -> h.setBearerAuth(token))
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getStatus()
			.value();
	}

	private void expectRefused(WebTestClient.RequestHeadersSpec<?> request, int status, String challenge) {
		request.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE, (value) -> assertThat(value).contains(challenge))
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("\"status\":" + status));
		assertThat(upstream.received()).isEmpty();
	}

}
