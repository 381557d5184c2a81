package dev.portcullis.cache;

import java.io.ByteArrayOutputStream;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;

/**
 * A response that no client reads: the target of a background revalidation. It keeps the
 * status and headers the upstream sent and a copy of the body up to a limit, and releases
 * every buffer it is given.
 */
final class DetachedResponse extends AbstractServerHttpResponse {

	private final int maxBytes;

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	private boolean overflowed;

	DetachedResponse(DataBufferFactory bufferFactory, int maxBytes) {
		super(bufferFactory);
		this.maxBytes = maxBytes;
	}

	/** The body, or {@code null} when it outgrew the limit. */
	byte @Nullable [] body() {
		return this.overflowed ? null : this.body.toByteArray();
	}

	@Override
	protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> body) {
		return Flux.from(body).doOnNext(this::consume).then();
	}

	@Override
	protected Mono<Void> writeAndFlushWithInternal(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		return Flux.from(body).concatMap(Flux::from).doOnNext(this::consume).then();
	}

	private void consume(DataBuffer buffer) {
		try {
			if (!this.overflowed && this.body.size() + (long) buffer.readableByteCount() <= this.maxBytes) {
				byte[] bytes = BodyTee.bytesOf(buffer);
				this.body.write(bytes, 0, bytes.length);
			}
			else {
				this.overflowed = true;
			}
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	@Override
	public <T> T getNativeResponse() {
		throw new IllegalStateException("A background revalidation has no native response");
	}

	@Override
	protected void applyStatusCode() {
	}

	@Override
	protected void applyHeaders() {
	}

	@Override
	protected void applyCookies() {
	}

}
