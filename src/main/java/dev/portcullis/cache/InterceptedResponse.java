package dev.portcullis.cache;

import java.util.function.BiFunction;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

/**
 * The client's response as the upstream's answer is written to it: the cache sees the
 * status, headers and body first and decides what is sent ({@link #send}) and stored.
 * Streamed media types (written with flushes) pass through untouched.
 */
final class InterceptedResponse extends ServerHttpResponseDecorator {

	private final BiFunction<InterceptedResponse, Flux<DataBuffer>, Mono<Void>> onWrite;

	InterceptedResponse(ServerHttpResponse delegate,
			BiFunction<InterceptedResponse, Flux<DataBuffer>, Mono<Void>> onWrite) {
		super(delegate);
		this.onWrite = onWrite;
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		return this.onWrite.apply(this, Flux.from(body));
	}

	/** Writes a body to the client as it is. */
	Mono<Void> send(Publisher<? extends DataBuffer> body) {
		return super.writeWith(body);
	}

}
