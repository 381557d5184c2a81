package dev.portcullis.ratelimit;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.List;

import dev.portcullis.forwarding.Cidr;
import dev.portcullis.forwarding.TrustedProxies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientKeyResolverTests {

	private static final TrustedProxies TRUST_LOOPBACK = new TrustedProxies(List.of(Cidr.parse("127.0.0.1/32")));

	private static final TrustedProxies TRUST_NONE = new TrustedProxies(List.of());

	private static MockServerHttpRequest.BaseBuilder<?> request() {
		return MockServerHttpRequest.get("/x").remoteAddress(new InetSocketAddress("127.0.0.1", 40000));
	}

	private static String resolve(String spec, TrustedProxies proxies, ServerWebExchange exchange) {
		return ClientKeyResolver.parse(spec, proxies).resolve(exchange, "r1").block(Duration.ofSeconds(5));
	}

	@Test
	void ipIsThePeerWhenNoProxyIsTrusted() {
		ServerWebExchange exchange = MockServerWebExchange.from(request().header("X-Forwarded-For", "203.0.113.9"));
		assertThat(resolve("ip", TRUST_NONE, exchange)).isEqualTo("127.0.0.1");
	}

	@Test
	void ipIsTheForwardedClientBehindATrustedProxy() {
		ServerWebExchange exchange = MockServerWebExchange.from(request().header("X-Forwarded-For", "203.0.113.9"));
		assertThat(resolve("ip", TRUST_LOOPBACK, exchange)).isEqualTo("203.0.113.9");
	}

	@Test
	void headerKeyUsesTheValueOrAnonymousWhenMissingOrBlank() {
		assertThat(resolve("header:X-Api-Key", TRUST_NONE,
				MockServerWebExchange.from(request().header("X-Api-Key", "k-1"))))
			.isEqualTo("k-1");
		assertThat(resolve("header:X-Api-Key", TRUST_NONE, MockServerWebExchange.from(request())))
			.isEqualTo(ClientKeyResolver.ANONYMOUS);
		assertThat(resolve("header:X-Api-Key", TRUST_NONE,
				MockServerWebExchange.from(request().header("X-Api-Key", "  "))))
			.isEqualTo(ClientKeyResolver.ANONYMOUS);
	}

	@Test
	void principalKeyUsesTheAuthenticatedNameOrAnonymous() {
		ServerWebExchange anonymous = MockServerWebExchange.from(request());
		assertThat(resolve("principal", TRUST_NONE, anonymous)).isEqualTo(ClientKeyResolver.ANONYMOUS);
		Principal alice = () -> "alice";
		ServerWebExchange authenticated = anonymous.mutate().principal(Mono.just(alice)).build();
		assertThat(resolve("principal", TRUST_NONE, authenticated)).isEqualTo("alice");
	}

	@Test
	void claimKeyUsesAClaimOfTheAcceptedJwtOrAnonymous() {
		ServerWebExchange anonymous = MockServerWebExchange.from(request());
		assertThat(resolve("claim:tenant", TRUST_NONE, anonymous)).isEqualTo(ClientKeyResolver.ANONYMOUS);
		Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("alice").claim("tenant", "acme").build();
		ServerWebExchange authenticated = anonymous.mutate()
			.principal(Mono.just(new JwtAuthenticationToken(jwt, List.of(), "alice")))
			.build();
		assertThat(resolve("claim:tenant", TRUST_NONE, authenticated)).isEqualTo("acme");
		assertThat(resolve("claim:sub+claim:missing", TRUST_NONE, authenticated)).isEqualTo("alice+anonymous");
		Principal apiKey = () -> "acme";
		ServerWebExchange notJwt = anonymous.mutate().principal(Mono.just(apiKey)).build();
		assertThat(resolve("claim:tenant", TRUST_NONE, notJwt)).isEqualTo(ClientKeyResolver.ANONYMOUS);
	}

	@Test
	void combinationsJoinTheirParts() {
		ServerWebExchange exchange = MockServerWebExchange.from(request().header("X-Tenant", "acme"));
		assertThat(resolve("route+header:X-Tenant+ip", TRUST_NONE, exchange)).isEqualTo("r1+acme+127.0.0.1");
		assertThat(resolve("ip + header:X-Missing", TRUST_NONE, exchange)).isEqualTo("127.0.0.1+anonymous");
	}

	@Test
	void longOrUnusualValuesAreHashedSoKeysStayShortAndUnambiguous() {
		String hashed = ClientKeyResolver.normalize("a+b c".repeat(30));
		assertThat(hashed).matches("sha256-[0-9a-f]{32}");
		assertThat(ClientKeyResolver.normalize("a+b")).startsWith("sha256-").isNotEqualTo(hashed);
		assertThat(ClientKeyResolver.normalize("2001:db8::1")).isEqualTo("2001:db8::1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "cookie:x", "header:", "claim:", "ip+", "IP" })
	void rejectsUnknownKeys(String spec) {
		assertThatIllegalArgumentException().isThrownBy(() -> ClientKeyResolver.parse(spec, TRUST_NONE));
	}

}
