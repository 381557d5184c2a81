package dev.portcullis.security;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Closes an HTTP/1.x connection whose request body has not fully arrived within
 * {@code portcullis.hardening.request-timeout} of its headers.
 * <p>
 * It replaces Reactor Netty's {@code requestTimeout}, which schedules a task per request
 * and cancels it only when the request's end reaches the request's own handler. A
 * response written before that end was read (a cache hit, a 429, a 404: every answer the
 * gateway gives without the upstream) left the task, and through it the whole request, in
 * the event loop's queue until the timeout passed: about 3 KB per request for 60 s,
 * gigabytes of heap at ten thousand cache hits per second (README section 23). This
 * handler sits right after the HTTP codec, so it sees every request's end, and it starts
 * no timer for a request without a body, whose end follows its headers at once.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {

	static final String NAME = "portcullis.requestDeadline";

	private final long timeoutNanos;

	private ScheduledFuture<?> deadline;

	RequestDeadline(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		if (message instanceof HttpRequest request && !(message instanceof LastHttpContent) && hasBody(request)) {
			cancel();
			Runnable close = context::close;
			this.deadline = context.executor().schedule(close, this.timeoutNanos, TimeUnit.NANOSECONDS);
		}
		else if (message instanceof LastHttpContent) {
			cancel();
		}
		context.fireChannelRead(message);
	}

	@Override
	public void channelInactive(ChannelHandlerContext context) throws Exception {
		cancel();
		super.channelInactive(context);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext context) {
		cancel();
	}

	/** Whether a deadline is running (for tests). */
	boolean running() {
		return this.deadline != null;
	}

	private void cancel() {
		if (this.deadline != null) {
			this.deadline.cancel(false);
			this.deadline = null;
		}
	}

	/**
	 * Whether a body follows the request's headers. A request Netty could not decode (a
	 * malformed {@code Content-Length}, say) gets none: Reactor Netty answers it 400 at
	 * once.
	 */
	static boolean hasBody(HttpRequest request) {
		if (request.decoderResult().isFailure()) {
			return false;
		}
		if (HttpUtil.isTransferEncodingChunked(request)) {
			return true;
		}
		try {
			return HttpUtil.getContentLength(request, 0L) > 0;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

}
