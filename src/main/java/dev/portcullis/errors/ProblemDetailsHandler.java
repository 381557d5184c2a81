package dev.portcullis.errors;

import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers every failure that reaches it with an RFC 9457 {@code application/problem+json}
 * body whose status comes from {@link GatewayFailure}. It runs before Spring Boot's own
 * error handler, which would otherwise render its default JSON.
 */
public class ProblemDetailsHandler implements WebExceptionHandler {

	/**
	 * Exchange attribute holding the request id to echo in problem bodies, when one is
	 * known.
	 */
	public static final String REQUEST_ID_ATTRIBUTE = "portcullis.requestId";

	private static final Log logger = LogFactory.getLog(ProblemDetailsHandler.class);

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			// Headers are on the wire already; all that is left is to break the
			// connection.
			return Mono.error(failure);
		}
		GatewayFailure kind = GatewayFailure.of(failure);
		HttpStatusCode status = GatewayFailure.statusFor(failure);
		logFailure(exchange, kind, failure);
		String title = (HttpStatus.resolve(status.value()) != null)
				? HttpStatus.resolve(status.value()).getReasonPhrase() : "Error";
		String detail = (failure instanceof ExplainedStatusException explained) ? explained.getReason() : kind.detail();
		String body = ProblemJson.render(status.value(), title, detail, exchange.getRequest().getPath().value(),
				exchange.getAttribute(REQUEST_ID_ATTRIBUTE));
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.setStatusCode(status);
		HttpHeaders headers = response.getHeaders();
		headers.clear();
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		headers.setContentLength(bytes.length);
		headers.setCacheControl("no-store");
		if ((kind == GatewayFailure.RATE_LIMITED || kind == GatewayFailure.CIRCUIT_OPEN)
				&& failure instanceof ResponseStatusException rse) {
			// A 429 keeps Retry-After and the RateLimit fields;
			// an open breaker's 503 keeps Retry-After.
			headers.addAll(rse.getHeaders());
		}
		if ((status.value() == 401 || status.value() == 403) && failure instanceof ResponseStatusException rse) {
			// A refused credential keeps its WWW-Authenticate challenge (RFC 9110
			// §11.6.1).
			headers.addAll(rse.getHeaders());
		}
		DataBuffer buffer = response.bufferFactory().wrap(bytes);
		return response.writeWith(Mono.just(buffer));
	}

	private static void logFailure(ServerWebExchange exchange, GatewayFailure kind, Throwable failure) {
		if (kind == GatewayFailure.INTERNAL) {
			logger.error("Unexpected failure on route " + routeId(exchange) + " for "
					+ exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath(), failure);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(kind + " on route " + routeId(exchange), failure);
		}
	}

	static String routeId(ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return (route != null) ? route.getId() : "-";
	}

}
