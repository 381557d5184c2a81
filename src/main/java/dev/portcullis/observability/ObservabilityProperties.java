package dev.portcullis.observability;

import java.util.regex.Pattern;

import dev.portcullis.config.InvalidPropertyException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request ids and the access log.
 *
 * @param accessLog whether to write one access-log line per request on the
 * {@code portcullis.access} logger
 * @param requestIdHeader the header that carries the request id to the upstream and back
 * to the client
 */
@ConfigurationProperties("portcullis.observability")
public record ObservabilityProperties(@DefaultValue("true") boolean accessLog,
		@DefaultValue("X-Request-Id") String requestIdHeader) {

	/** RFC 9110 §5.1: a field name is a token. */
	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

	public ObservabilityProperties {
		if (!TOKEN.matcher(requestIdHeader).matches()) {
			throw new InvalidPropertyException("portcullis.observability.request-id-header",
					"'" + requestIdHeader + "' is not a valid HTTP header name");
		}
	}

}
