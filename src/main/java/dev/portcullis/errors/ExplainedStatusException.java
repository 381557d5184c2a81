package dev.portcullis.errors;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;

/**
 * A failure whose reason is written for the client and safe to show: it becomes the
 * {@code detail} of the problem body, where other failures get the fixed detail of their
 * {@link GatewayFailure} (which never leaks upstream addresses or internals). Use it for
 * refusals whose reason the caller needs to fix the request, such as an invalid route
 * sent to the admin API.
 */
public class ExplainedStatusException extends ResponseStatusException {

	public ExplainedStatusException(HttpStatusCode status, String reason, Throwable cause) {
		super(status, reason, cause);
	}

	public ExplainedStatusException(HttpStatusCode status, String reason) {
		super(status, reason);
	}

}
