package dev.portcullis.security;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body that Netty's decoder could not read closes the connection instead of ending the
 * body, so the request never reaches the upstream as if it were whole.
 */
class BrokenBodyGuardTests {

	@Test
	void passesRequestsAndGoodBodyPartsOn() {
		EmbeddedChannel channel = new EmbeddedChannel(BrokenBodyGuard.INSTANCE);
		channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/orders"));
		channel.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII)));
		channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
		assertThat((Object) channel.readInbound()).isInstanceOf(DefaultHttpRequest.class);
		HttpContent content = channel.readInbound();
		assertThat(content.content().toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
		content.release();
		assertThat((Object) channel.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
		assertThat(channel.isOpen()).isTrue();
		channel.finishAndReleaseAll();
	}

	@Test
	void closesTheConnectionInsteadOfEndingABrokenBody() {
		EmbeddedChannel channel = new EmbeddedChannel(BrokenBodyGuard.INSTANCE);
		LastHttpContent broken = new DefaultLastHttpContent(Unpooled.copiedBuffer("zz", StandardCharsets.US_ASCII));
		broken.setDecoderResult(DecoderResult.failure(new NumberFormatException("invalid chunk size: zz")));
		channel.writeInbound(broken);
		assertThat((Object) channel.readInbound()).as("nothing reaches the gateway").isNull();
		assertThat(channel.isOpen()).isFalse();
		assertThat(broken.refCnt()).isZero();
		channel.finishAndReleaseAll();
	}

}
