package dev.portcullis.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

class BodyTeeTests {

	private static Flux<DataBuffer> chunks(String... parts) {
		return Flux.fromArray(parts)
			.map((part) -> DefaultDataBufferFactory.sharedInstance.wrap(part.getBytes(StandardCharsets.UTF_8)));
	}

	private static String drain(Flux<DataBuffer> body) {
		List<String> seen = new ArrayList<>();
		body.doOnNext((buffer) -> {
			seen.add(new String(BodyTee.bytesOf(buffer), StandardCharsets.UTF_8));
			DataBufferUtils.release(buffer);
		}).blockLast();
		return String.join("|", seen);
	}

	@Test
	void passesTheBodyThroughAndHandsOverACompleteCopyBeforeTheLastBuffer() {
		AtomicReference<String> stored = new AtomicReference<>();
		List<String> order = new ArrayList<>();
		BodyTee tee = new BodyTee(100);
		Flux<DataBuffer> body = tee.tee(chunks("ab", "cd", "ef"), (bytes) -> Mono.fromRunnable(() -> {
			stored.set(new String(bytes, StandardCharsets.UTF_8));
			order.add("stored");
		})).doOnNext((buffer) -> order.add("buffer"));
		assertThat(drain(body)).isEqualTo("ab|cd|ef");
		assertThat(stored.get()).isEqualTo("abcdef");
		assertThat(order).containsExactly("buffer", "buffer", "stored", "buffer");
	}

	@Test
	void givesUpCopyingOnceTheBodyOutgrowsTheLimit() {
		AtomicReference<String> stored = new AtomicReference<>();
		BodyTee tee = new BodyTee(3);
		assertThat(drain(tee.tee(chunks("ab", "cd", "ef"), (bytes) -> Mono.fromRunnable(() -> stored.set("called")))))
			.isEqualTo("ab|cd|ef");
		assertThat(tee.overflowed()).isTrue();
		assertThat(stored.get()).isNull();
	}

}
