package dev.portcullis.security;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * Closes the client connection when Netty's decoder fails on a request body (a malformed
 * chunk), instead of letting the body end there. Reactor Netty would otherwise answer 400
 * but complete the inbound body, so a request already on its way upstream would arrive
 * there cut short and ended as if whole. Closing makes the body fail, which aborts the
 * upstream exchange: the upstream never sees a complete request.
 */
@ChannelHandler.Sharable
final class BrokenBodyGuard extends ChannelInboundHandlerAdapter {

	static final String NAME = "portcullis.brokenBodyGuard";

	static final BrokenBodyGuard INSTANCE = new BrokenBodyGuard();

	private BrokenBodyGuard() {
	}

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		if (message instanceof HttpContent content && !(message instanceof HttpRequest)
				&& content.decoderResult().isFailure()) {
			ReferenceCountUtil.release(message);
			context.close();
			return;
		}
		context.fireChannelRead(message);
	}

}
