package dev.portcullis.ratelimit;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A request denied by a rate limit. It carries the {@code Retry-After} and
 * {@code RateLimit} headers that the problem+json handler keeps on the 429 response.
 */
final class RateLimitedException extends ResponseStatusException {

	private final HttpHeaders headers;

	RateLimitedException(HttpHeaders headers) {
		super(HttpStatus.TOO_MANY_REQUESTS, "rate limited");
		this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.headers;
	}

}
