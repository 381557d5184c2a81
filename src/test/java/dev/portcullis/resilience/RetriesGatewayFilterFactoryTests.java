package dev.portcullis.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import dev.portcullis.resilience.RetryPolicy.Outcome;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failed attempt tells the retry decision about whether the request was sent. */
class RetriesGatewayFilterFactoryTests {

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void classifiesAFailedAttempt(String name, Throwable failure, Outcome expected) {
		assertThat(RetriesGatewayFilterFactory.outcomeOf(failure)).isEqualTo(expected);
	}

	static Stream<Arguments> failures() {
		return Stream.of(Arguments.of("connection refused", new ConnectException("refused"), Outcome.NOT_CONNECTED),
				Arguments.of("unknown host", new UnknownHostException("orders-1"), Outcome.NOT_CONNECTED),
				Arguments.of("connect timeout", new ConnectTimeoutException("timed out"), Outcome.CONNECT_TIMEOUT),
				Arguments.of("response timeout",
						new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "timeout",
								new TimeoutException("Response took longer than timeout")),
						Outcome.RESPONSE_TIMEOUT),
				Arguments.of("premature close", PrematureCloseException.TEST_EXCEPTION, Outcome.BROKEN),
				Arguments.of("connection reset", new IOException("Connection reset by peer"), Outcome.BROKEN),
				Arguments.of("no instance", NotFoundException.create(false, "no instance"), Outcome.OTHER),
				Arguments.of("open breaker",
						CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("x")),
						Outcome.OTHER),
				Arguments.of("a gateway bug", new IllegalStateException("bug"), Outcome.OTHER));
	}

}
