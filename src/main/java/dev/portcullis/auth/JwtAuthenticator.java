package dev.portcullis.auth;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.portcullis.errors.ExplainedStatusException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Authenticates a request by the JWT bearer token in {@code Authorization}, as an OAuth 2
 * resource server does: signature, issuer, audience and time checked by Spring Security's
 * {@link ReactiveJwtDecoder}, then the profile's required scopes and claims. A token that
 * fails a check is answered 401; one that passes but grants too little, 403; a check that
 * cannot be made because the JWK set cannot be fetched, 503, since the client's token may
 * well be good.
 */
final class JwtAuthenticator implements Authenticator {

	private static final Log logger = LogFactory.getLog(JwtAuthenticator.class);

	/** RFC 6750 §2.1: {@code Bearer} and a b64token. */
	private static final Pattern BEARER = Pattern.compile("(?i)bearer +([A-Za-z0-9._~+/-]+=*)");

	/** RFC 9110 §5.6.2 token characters, so a subject can be sent in a header as is. */
	private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?");

	private final String profile;

	private final ReactiveJwtDecoder decoder;

	private final TokenRequirements requirements;

	private final Duration timeout;

	JwtAuthenticator(String profile, ReactiveJwtDecoder decoder, TokenRequirements requirements, Duration timeout) {
		this.profile = profile;
		this.decoder = decoder;
		this.requirements = requirements;
		this.timeout = timeout;
	}

	@Override
	public Mono<Authentication> authenticate(ServerHttpRequest request) {
		List<String> values = request.getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
		if (values.isEmpty()) {
			return Mono.error(AuthenticationFailure.unauthorized("This route needs a bearer token in Authorization.",
					challenge(null, null)));
		}
		Matcher bearer = (values.size() == 1) ? BEARER.matcher(values.get(0).trim()) : null;
		if (bearer == null || !bearer.matches()) {
			return Mono.error(AuthenticationFailure.unauthorized(
					"Authorization must hold exactly one bearer token (Authorization: Bearer <token>).",
					challenge("invalid_token", "Not a bearer token")));
		}
		return this.decoder.decode(bearer.group(1))
			.timeout(this.timeout)
			.onErrorMap(this::classify)
			.flatMap(this::authorize);
	}

	/**
	 * A token the decoder rejects is bad (401); any other failure means the keys could
	 * not be had in time, which is the gateway's problem (503), not the client's.
	 */
	private Throwable classify(Throwable failure) {
		if (failure instanceof BadJwtException) {
			if (logger.isDebugEnabled()) {
				logger.debug("Refused a token for auth profile " + this.profile + ": " + failure.getMessage());
			}
			return AuthenticationFailure.unauthorized(
					"The bearer token is invalid, expired, or not issued for this route.",
					challenge("invalid_token", "The token is invalid or expired"));
		}
		logger.warn("Could not check a token for auth profile " + this.profile + ": the JWK set was not available ("
				+ failure + ")");
		return new ExplainedStatusException(HttpStatus.SERVICE_UNAVAILABLE,
				"The keys needed to check the token are not available right now; retry shortly.", failure);
	}

	private Mono<Authentication> authorize(Jwt jwt) {
		String subject = jwt.getSubject();
		if (subject == null || !PRINTABLE.matcher(subject).matches() || subject.length() > 256) {
			return Mono.error(AuthenticationFailure.unauthorized("The bearer token has no usable subject (sub).",
					challenge("invalid_token", "The token has no usable subject")));
		}
		String unmet = this.requirements.unmet(jwt.getClaims());
		if (unmet != null) {
			return Mono.error(AuthenticationFailure.forbidden(unmet, Challenges.bearer(this.profile,
					"insufficient_scope", "The token grants too little", this.requirements.scopes())));
		}
		return Mono.just(new JwtAuthenticationToken(jwt, List.of(), subject));
	}

	private String challenge(@Nullable String error, @Nullable String description) {
		return Challenges.bearer(this.profile, error, description, List.of());
	}

}
