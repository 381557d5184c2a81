package dev.portcullis.errors;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayFailureTests {

	/** An upstream address that must never reach a client. */
	private static final String UPSTREAM = "orders-1.internal/10.0.0.7:8080";

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void classifiesFailure(String name, Throwable failure, GatewayFailure expected, int expectedStatus) {
		assertThat(GatewayFailure.of(failure)).isEqualTo(expected);
		assertThat(GatewayFailure.statusFor(failure).value()).isEqualTo(expectedStatus);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void neverPutsTheExceptionMessageInTheDetail(String name, Throwable failure, GatewayFailure expected,
			int expectedStatus) {
		String detail = GatewayFailure.of(failure).detail();
		if (detail != null) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause.getMessage() != null) {
					assertThat(detail).doesNotContain(cause.getMessage());
				}
			}
			assertThat(detail).doesNotContain("10.0.0.7").doesNotContain("orders-1");
		}
	}

	static Stream<Arguments> failures() {
		return Stream.of(
				Arguments.of("no route", new ResponseStatusException(HttpStatus.NOT_FOUND, "No route for /secret"),
						GatewayFailure.NO_ROUTE, 404),
				Arguments.of("no instance", NotFoundException.create(false, "Unable to find instance for orders"),
						GatewayFailure.NO_INSTANCE, 503),
				Arguments.of("service unavailable", new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE),
						GatewayFailure.NO_INSTANCE, 503),
				Arguments.of("circuit open",
						CallNotPermittedException.createCallNotPermittedException(
								CircuitBreaker.ofDefaults("orders-1")),
						GatewayFailure.CIRCUIT_OPEN, 503),
				Arguments.of("connection pool full", new PoolAcquirePendingLimitException(1000),
						GatewayFailure.UPSTREAM_BUSY, 503),
				Arguments.of("connection pool wait too long", new PoolAcquireTimeoutException(Duration.ofSeconds(5)),
						GatewayFailure.UPSTREAM_BUSY, 503),
				Arguments.of("connection refused", new ConnectException("Connection refused: " + UPSTREAM),
						GatewayFailure.UPSTREAM_REFUSED, 502),
				Arguments.of("wrapped connection refused",
						new IllegalStateException("wrapped",
								new RuntimeException(new ConnectException("Connection refused: " + UPSTREAM))),
						GatewayFailure.UPSTREAM_REFUSED, 502),
				Arguments.of("unknown upstream host", new UnknownHostException("orders-1.internal"),
						GatewayFailure.UPSTREAM_REFUSED, 502),
				Arguments.of("connect timeout",
						new ConnectTimeoutException("connection timed out after 2000 ms: " + UPSTREAM),
						GatewayFailure.CONNECT_TIMEOUT, 504),
				Arguments.of("response timeout",
						new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT,
								"Response took longer than timeout: PT5S",
								new TimeoutException("Response took longer than timeout: PT5S")),
						GatewayFailure.UPSTREAM_TIMEOUT, 504),
				Arguments.of("bare timeout", new TimeoutException("Did not observe any item within 5000ms"),
						GatewayFailure.UPSTREAM_TIMEOUT, 504),
				Arguments.of("premature close", PrematureCloseException.TEST_EXCEPTION, GatewayFailure.UPSTREAM_BROKEN,
						502),
				Arguments.of("connection reset", new IOException("Connection reset by peer: " + UPSTREAM),
						GatewayFailure.UPSTREAM_BROKEN, 502),
				Arguments.of("buffer limit",
						new DataBufferLimitException("Exceeded limit on max bytes to buffer : 262144"),
						GatewayFailure.BODY_TOO_LARGE, 413),
				Arguments.of("content too large", new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE),
						GatewayFailure.BODY_TOO_LARGE, 413),
				Arguments.of("rate limited", new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS),
						GatewayFailure.RATE_LIMITED, 429),
				Arguments.of("method not allowed", new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED),
						GatewayFailure.CLIENT_ERROR, 405),
				Arguments.of("unsupported media type",
						new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
								"Content type 'x/y' not supported"),
						GatewayFailure.CLIENT_ERROR, 415),
				Arguments.of("5xx status wrapping a known cause",
						new ResponseStatusException(HttpStatus.INTERNAL_SERVER_ERROR, "boom",
								new ConnectException("Connection refused: " + UPSTREAM)),
						GatewayFailure.UPSTREAM_REFUSED, 502),
				Arguments.of("anything else", new RuntimeException("NullPointerException near " + UPSTREAM),
						GatewayFailure.INTERNAL, 500),
				Arguments.of("unknown chain", new IllegalStateException("outer", new IllegalArgumentException("inner")),
						GatewayFailure.INTERNAL, 500));
	}

	@Test
	void endsOnACauseChainThatLoopsBackOnItself() {
		IllegalStateException first = new IllegalStateException("first");
		IllegalStateException second = new IllegalStateException("second", first);
		first.initCause(second);
		assertThat(GatewayFailure.of(second)).isEqualTo(GatewayFailure.INTERNAL);
		assertThat(GatewayFailure.statusFor(second).value()).isEqualTo(500);
	}

	@Test
	void keepsTheStatusOfAWrappedClientError() {
		Throwable failure = new IllegalStateException(new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED));
		assertThat(GatewayFailure.of(failure)).isEqualTo(GatewayFailure.CLIENT_ERROR);
		assertThat(GatewayFailure.statusFor(failure).value()).isEqualTo(405);
	}

	@Test
	void treatsABadGatewayStatusAsABrokenUpstream() {
		assertThat(GatewayFailure.of(new ResponseStatusException(HttpStatus.BAD_GATEWAY)))
			.isEqualTo(GatewayFailure.UPSTREAM_BROKEN);
	}

	@Test
	void classifiesByTheFirstKnownCauseInTheChain() {
		Throwable failure = new ResponseStatusException(HttpStatus.NOT_FOUND, "no route",
				new ConnectException("Connection refused"));
		assertThat(GatewayFailure.of(failure)).isEqualTo(GatewayFailure.NO_ROUTE);
	}

	@ParameterizedTest
	@EnumSource(GatewayFailure.class)
	void givesAFixedSentenceAsDetailExceptForClientErrors(GatewayFailure failure) {
		if (failure == GatewayFailure.CLIENT_ERROR) {
			assertThat(failure.detail()).isNull();
		}
		else {
			assertThat(failure.detail()).isNotBlank().endsWith(".");
		}
	}

	@ParameterizedTest
	@EnumSource(GatewayFailure.class)
	void answersWithAnErrorStatus(GatewayFailure failure) {
		assertThat(failure.status().isError()).isTrue();
	}

}
