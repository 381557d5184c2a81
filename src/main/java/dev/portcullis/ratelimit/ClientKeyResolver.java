package dev.portcullis.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import dev.portcullis.forwarding.TrustedProxies;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

/**
 * Says whom a request counts against: {@code ip} (the real client address, believing
 * {@code X-Forwarded-For} only from trusted proxies), {@code header:<name>},
 * {@code principal} (the authenticated user's name), {@code route}, or several of them
 * joined with {@code +}. A missing value counts as {@value #ANONYMOUS}, so requests
 * without it share one limit rather than going unlimited.
 */
final class ClientKeyResolver {

	static final String ANONYMOUS = "anonymous";

	/** Values that may be used in a Redis key as they are; others are hashed. */
	private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:@/\\-]{1,64}");

	private final List<Part> parts;

	private final @Nullable TrustedProxies trustedProxies;

	private ClientKeyResolver(List<Part> parts, @Nullable TrustedProxies trustedProxies) {
		this.parts = parts;
		this.trustedProxies = trustedProxies;
	}

	/**
	 * Parses a key specification.
	 * @throws IllegalArgumentException naming what is wrong
	 */
	static ClientKeyResolver parse(String spec, @Nullable TrustedProxies trustedProxies) {
		List<Part> parts = new ArrayList<>();
		for (String token : spec.split("\\+", -1)) {
			parts.add(Part.parse(token.trim()));
		}
		return new ClientKeyResolver(List.copyOf(parts), trustedProxies);
	}

	/** The key of this request on route {@code routeId}. */
	Mono<String> resolve(ServerWebExchange exchange, String routeId) {
		return Flux.fromIterable(this.parts)
			.concatMap((part) -> value(part, exchange, routeId).defaultIfEmpty(ANONYMOUS))
			.map(ClientKeyResolver::normalize)
			.collectList()
			.map((values) -> String.join("+", values));
	}

	private Mono<String> value(Part part, ServerWebExchange exchange, String routeId) {
		return switch (part.kind()) {
			case IP -> Mono.justOrEmpty(clientAddress(exchange));
			case HEADER -> Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst(part.argument()))
				.filter((value) -> !value.isBlank());
			case PRINCIPAL -> exchange.getPrincipal().map(Principal::getName).filter((name) -> !name.isBlank());
			case CLAIM -> exchange.getPrincipal()
				.filter(JwtAuthenticationToken.class::isInstance)
				.mapNotNull((token) -> ((JwtAuthenticationToken) token).getToken().getClaims().get(part.argument()))
				.map(Object::toString)
				.filter((value) -> !value.isBlank());
			case ROUTE -> Mono.just(routeId);
		};
	}

	private @Nullable String clientAddress(ServerWebExchange exchange) {
		return (this.trustedProxies != null) ? this.trustedProxies.clientAddress(exchange.getRequest()) : null;
	}

	/**
	 * Keeps short safe values readable (in the admin endpoint and Redis) and hashes the
	 * rest, so a client cannot make a key arbitrarily long or inject separators.
	 */
	static String normalize(String value) {
		if (PLAIN.matcher(value).matches()) {
			return value;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return "sha256-" + HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	private enum Kind {

		IP, HEADER, PRINCIPAL, CLAIM, ROUTE

	}

	private record Part(Kind kind, String argument) {

		static Part parse(String token) {
			if (token.equals("ip")) {
				return new Part(Kind.IP, "");
			}
			if (token.equals("principal")) {
				return new Part(Kind.PRINCIPAL, "");
			}
			if (token.equals("route")) {
				return new Part(Kind.ROUTE, "");
			}
			if (token.startsWith("header:") && token.length() > "header:".length()) {
				return new Part(Kind.HEADER, token.substring("header:".length()));
			}
			if (token.startsWith("claim:") && token.length() > "claim:".length()) {
				return new Part(Kind.CLAIM, token.substring("claim:".length()));
			}
			throw new IllegalArgumentException("'" + token
					+ "' is not a key; use ip, header:<name>, principal, claim:<name> or route, or several joined with +");
		}

	}

}
