package dev.portcullis.observability;

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

}
