package dev.portcullis.cache;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Passes a body through while copying its bytes, up to a limit, so the response can be
 * stored once it is complete. The last buffer is held back until the store has finished,
 * so a client that has read the whole body finds the response stored. Buffers are never
 * kept: bytes are copied and the buffers flow on to their writer, which releases them.
 */
final class BodyTee {

	private final int maxBytes;

	private @Nullable ByteArrayOutputStream copy = new ByteArrayOutputStream();

	BodyTee(int maxBytes) {
		this.maxBytes = maxBytes;
	}

	/**
	 * The body, passed on unchanged; {@code onComplete} gets the whole body when it
	 * completes within the limit.
	 */
	Flux<DataBuffer> tee(Flux<DataBuffer> body, Function<byte[], Mono<Void>> onComplete) {
		AtomicReference<@Nullable DataBuffer> held = new AtomicReference<>();
		return body.doOnNext(this::append).concatMap((buffer) -> {
			if (overflowed()) {
				// too large to store: nothing more is held back
				DataBuffer previous = held.getAndSet(null);
				return (previous != null) ? Flux.just(previous, buffer) : Flux.just(buffer);
			}
			return Mono.justOrEmpty(held.getAndSet(buffer));
		}).concatWith(Mono.defer(() -> {
			ByteArrayOutputStream complete = this.copy;
			Mono<Void> store = (complete != null) ? onComplete.apply(complete.toByteArray()) : Mono.empty();
			return store.then(Mono.fromSupplier(() -> held.getAndSet(null)));
		})).doFinally((signal) -> {
			DataBuffer leftover = held.getAndSet(null);
			if (leftover != null) {
				DataBufferUtils.release(leftover);
			}
		});
	}

	/** Whether the body outgrew the limit, so it will not be stored. */
	boolean overflowed() {
		return this.copy == null;
	}

	private void append(DataBuffer buffer) {
		ByteArrayOutputStream target = this.copy;
		if (target == null) {
			return;
		}
		int length = buffer.readableByteCount();
		if (target.size() + (long) length > this.maxBytes) {
			this.copy = null;
			return;
		}
		byte[] bytes = new byte[length];
		buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(bytes), 0, length);
		target.write(bytes, 0, length);
	}

	/** Copies a buffer's readable bytes without moving its read position. */
	static byte[] bytesOf(DataBuffer buffer) {
		byte[] bytes = new byte[buffer.readableByteCount()];
		buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(bytes), 0, bytes.length);
		return bytes;
	}

}
