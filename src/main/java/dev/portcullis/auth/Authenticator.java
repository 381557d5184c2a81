package dev.portcullis.auth;

import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;

/**
 * Checks the credentials of a request for one profile: the authenticated subject, or an
 * {@link AuthenticationFailure} (401 or 403), or a 503 when the check itself could not be
 * made.
 */
interface Authenticator {

	Mono<Authentication> authenticate(ServerHttpRequest request);

}
