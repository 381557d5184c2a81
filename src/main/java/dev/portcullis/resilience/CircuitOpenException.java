package dev.portcullis.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A request refused because the route's circuit breaker is open. It answers 503 with
 * {@code Retry-After}, the seconds until the breaker lets probes through; a
 * {@code ResponseCache} in front of the breaker may stand in a stale response for it.
 */
final class CircuitOpenException extends ResponseStatusException {

	private final HttpHeaders headers;

	CircuitOpenException(long retryAfterSeconds, CallNotPermittedException cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "circuit open", cause);
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.headers;
	}

}
