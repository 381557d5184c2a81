package dev.portcullis.auth;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Authenticates a request by the API key in one header; the key's configured name is the
 * subject.
 */
final class ApiKeyAuthenticator implements Authenticator {

	private final String header;

	private final ApiKeys keys;

	ApiKeyAuthenticator(String header, ApiKeys keys) {
		this.header = header;
		this.keys = keys;
	}

	@Override
	public Mono<Authentication> authenticate(ServerHttpRequest request) {
		List<String> values = request.getHeaders().getOrEmpty(this.header);
		if (values.isEmpty()) {
			return Mono.error(AuthenticationFailure.unauthorized("This route needs an API key in " + this.header + ".",
					Challenges.apiKey(this.header)));
		}
		String subject = (values.size() == 1) ? this.keys.subjectOf(values.get(0)) : null;
		if (subject == null) {
			return Mono.error(AuthenticationFailure.unauthorized(
					"The API key in " + this.header + " is not valid (send exactly one valid key).",
					Challenges.apiKey(this.header)));
		}
		return Mono.just(UsernamePasswordAuthenticationToken.authenticated(subject, null, List.of()));
	}

}
