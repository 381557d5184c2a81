package dev.portcullis.auth;

import dev.portcullis.errors.ExplainedStatusException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A request refused by a route's authentication: 401 for missing or bad credentials, 403
 * for insufficient ones. It carries the {@code WWW-Authenticate} challenge that the
 * problem handler keeps on the response (RFC 9110 §11.6.1, RFC 6750 §3).
 */
final class AuthenticationFailure extends ExplainedStatusException {

	private final HttpHeaders headers;

	private AuthenticationFailure(HttpStatus status, String detail, String challenge) {
		super(status, detail);
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE, challenge);
		this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
	}

	static AuthenticationFailure unauthorized(String detail, String challenge) {
		return new AuthenticationFailure(HttpStatus.UNAUTHORIZED, detail, challenge);
	}

	static AuthenticationFailure forbidden(String detail, String challenge) {
		return new AuthenticationFailure(HttpStatus.FORBIDDEN, detail, challenge);
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.headers;
	}

}
