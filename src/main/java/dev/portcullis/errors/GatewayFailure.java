package dev.portcullis.errors;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.netty.channel.ConnectTimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;

/**
 * The one table from a failure to the response a client sees. Details are fixed texts, so
 * no exception message, stack trace or upstream address ever reaches a client.
 */
public enum GatewayFailure {

	/** No route matches the request. */
	NO_ROUTE(HttpStatus.NOT_FOUND, "No route matches this request."),

	/** The route's upstream group has no instance to send the request to. */
	NO_INSTANCE(HttpStatus.SERVICE_UNAVAILABLE, "No upstream instance is available for this route."),

	/**
	 * The route's circuit breaker is open; the response keeps the exception's
	 * {@code Retry-After} header.
	 */
	CIRCUIT_OPEN(HttpStatus.SERVICE_UNAVAILABLE,
			"The upstream service is failing; retry after the number of seconds in Retry-After."),

	/**
	 * Every pooled connection to the upstream was busy and the wait for one was full or
	 * too long ({@code portcullis.upstream-pool.*}).
	 */
	UPSTREAM_BUSY(HttpStatus.SERVICE_UNAVAILABLE, "The gateway's connections to the upstream service are all busy."),

	/** The upstream refused the connection. */
	UPSTREAM_REFUSED(HttpStatus.BAD_GATEWAY, "The upstream service refused the connection."),

	/**
	 * The connection broke before a whole response arrived (reset, premature close, TLS
	 * failure).
	 */
	UPSTREAM_BROKEN(HttpStatus.BAD_GATEWAY, "The upstream connection failed before a complete response arrived."),

	/** No connection could be made within the connect timeout. */
	CONNECT_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "The upstream service could not be reached in time."),

	/** The upstream did not answer within the route's response timeout. */
	UPSTREAM_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "The upstream service did not answer in time."),

	/**
	 * A rate limit of the route denied the request; the response keeps the exception's
	 * {@code Retry-After} and {@code RateLimit} headers.
	 */
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests; retry after the number of seconds in Retry-After."),

	/** The request body is larger than allowed. */
	BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than this route accepts."),

	/**
	 * A client error the framework detected (bad method, bad media type, malformed
	 * input).
	 */
	CLIENT_ERROR(HttpStatus.BAD_REQUEST, null),

	/** Anything else: a fault in the gateway itself. */
	INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "The gateway could not handle this request.");

	/**
	 * How far down a cause chain to look; also ends a chain that loops back on itself.
	 */
	private static final int MAX_CAUSE_DEPTH = 32;

	private final HttpStatus status;

	private final @Nullable String detail;

	GatewayFailure(HttpStatus status, @Nullable String detail) {
		this.status = status;
		this.detail = detail;
	}

	public HttpStatus status() {
		return this.status;
	}

	public @Nullable String detail() {
		return this.detail;
	}

	/** Classifies a failure by the first cause in its chain that the table knows. */
	public static GatewayFailure of(Throwable failure) {
		GatewayFailure known = firstInChain(failure, GatewayFailure::known);
		return (known != null) ? known : INTERNAL;
	}

	/**
	 * The status to answer with: the table's, or for {@link #CLIENT_ERROR} the
	 * framework's own 4xx status.
	 */
	public static HttpStatusCode statusFor(Throwable failure) {
		GatewayFailure kind = of(failure);
		if (kind == CLIENT_ERROR) {
			HttpStatusCode own = firstInChain(failure,
					(cause) -> (cause instanceof ResponseStatusException rse) ? rse.getStatusCode() : null);
			if (own != null) {
				return own;
			}
		}
		return kind.status;
	}

	/**
	 * The first non-null answer of {@code probe} along the cause chain. The walk is
	 * bounded, so a chain that loops back on itself ends.
	 */
	private static <T> @Nullable T firstInChain(Throwable failure, Function<Throwable, @Nullable T> probe) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++) {
			T answer = probe.apply(cause);
			if (answer != null) {
				return answer;
			}
			Throwable next = cause.getCause();
			cause = (next != cause) ? next : null;
		}
		return null;
	}

	private static @Nullable GatewayFailure known(Throwable cause) {
		if (cause instanceof NotFoundException) {
			return NO_INSTANCE;
		}
		if (cause instanceof CallNotPermittedException || (cause instanceof ResponseStatusException
				&& cause.getCause() instanceof CallNotPermittedException)) {
			return CIRCUIT_OPEN;
		}
		if (cause instanceof ResponseStatusException rse) {
			return ofStatus(rse.getStatusCode());
		}
		if (cause instanceof PoolAcquirePendingLimitException || cause instanceof PoolAcquireTimeoutException) {
			return UPSTREAM_BUSY;
		}
		if (cause instanceof ConnectTimeoutException) {
			return CONNECT_TIMEOUT;
		}
		if (cause instanceof ConnectException) {
			return UPSTREAM_REFUSED;
		}
		if (cause instanceof TimeoutException) {
			return UPSTREAM_TIMEOUT;
		}
		if (cause instanceof DataBufferLimitException) {
			return BODY_TOO_LARGE;
		}
		if (cause instanceof UnknownHostException) {
			return UPSTREAM_REFUSED;
		}
		if (cause instanceof IOException) {
			return UPSTREAM_BROKEN;
		}
		return null;
	}

	private static @Nullable GatewayFailure ofStatus(HttpStatusCode status) {
		if (status.value() == HttpStatus.NOT_FOUND.value()) {
			return NO_ROUTE;
		}
		if (status.value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
			return UPSTREAM_TIMEOUT;
		}
		if (status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
			return RATE_LIMITED;
		}
		if (status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
			return BODY_TOO_LARGE;
		}
		if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			return NO_INSTANCE;
		}
		if (status.value() == HttpStatus.BAD_GATEWAY.value()) {
			return UPSTREAM_BROKEN;
		}
		if (status.is4xxClientError()) {
			return CLIENT_ERROR;
		}
		return null;
	}

}
