package dev.portcullis.security;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits right after the HTTP codec of a connection over {@code max-connections}: its first
 * request is answered 503 problem+json with {@code Connection: close} and
 * {@code Retry-After}, and the connection is closed. Nothing of it reaches routing or an
 * upstream.
 */
final class ConnectionRefusal extends ChannelInboundHandlerAdapter {

	static final String NAME = "portcullis.connectionRefusal";

	private static final byte[] BODY = ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
			+ "\"detail\":\"The gateway has too many open connections; retry after the number of seconds in "
			+ "Retry-After.\"}")
		.getBytes(StandardCharsets.UTF_8);

	private boolean answered;

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		boolean request = message instanceof HttpRequest;
		ReferenceCountUtil.release(message);
		if (request && !this.answered) {
			this.answered = true;
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
					HttpResponseStatus.SERVICE_UNAVAILABLE, Unpooled.wrappedBuffer(BODY));
			response.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
				.set(HttpHeaderNames.CONTENT_LENGTH, BODY.length)
				.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
				.set(HttpHeaderNames.RETRY_AFTER, "1");
			context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
		}
	}

}
