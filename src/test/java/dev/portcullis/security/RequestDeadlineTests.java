package dev.portcullis.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body must arrive within the request timeout of its headers, or the connection
 * closes; a request that has arrived keeps no timer (and so nothing of the request)
 * alive.
 */
class RequestDeadlineTests {

	private final RequestDeadline deadline = new RequestDeadline(Duration.ofSeconds(60));

	private final EmbeddedChannel channel = new EmbeddedChannel(this.deadline);

	@Test
	void startsNoTimerForARequestWithoutABody() {
		this.channel.writeInbound(request(HttpMethod.GET, null, null));
		assertThat(this.deadline.running()).isFalse();
		this.channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
		assertThat(this.deadline.running()).isFalse();
		assertThat((Object) this.channel.readInbound()).isInstanceOf(HttpRequest.class);
		assertThat((Object) this.channel.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
		this.channel.finishAndReleaseAll();
	}

	@Test
	void stopsTheTimerWhenTheBodyHasArrived() {
		this.channel.writeInbound(request(HttpMethod.POST, HttpHeaderNames.CONTENT_LENGTH, "5"));
		assertThat(this.deadline.running()).isTrue();
		this.channel.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer("hel", StandardCharsets.US_ASCII)));
		assertThat(this.deadline.running()).isTrue();
		this.channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
		assertThat(this.deadline.running()).isFalse();
		this.channel.advanceTimeBy(61, TimeUnit.SECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.channel.isOpen()).isTrue();
		this.channel.finishAndReleaseAll();
	}

	@Test
	void closesTheConnectionWhenTheBodyTakesLongerThanTheTimeout() {
		this.channel.writeInbound(
				request(HttpMethod.POST, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED.toString()));
		HttpContent part = new DefaultHttpContent(Unpooled.copiedBuffer("a", StandardCharsets.US_ASCII));
		this.channel.writeInbound(part);
		this.channel.advanceTimeBy(59, TimeUnit.SECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.channel.isOpen()).as("still within the timeout").isTrue();
		this.channel.advanceTimeBy(2, TimeUnit.SECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.channel.isOpen()).isFalse();
		this.channel.finishAndReleaseAll();
	}

	@Test
	void eachRequestOnAKeptAliveConnectionGetsItsOwnTimeout() {
		this.channel.writeInbound(request(HttpMethod.POST, HttpHeaderNames.CONTENT_LENGTH, "1"));
		this.channel.advanceTimeBy(50, TimeUnit.SECONDS);
		this.channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
		this.channel.writeInbound(request(HttpMethod.PUT, HttpHeaderNames.CONTENT_LENGTH, "1"));
		this.channel.advanceTimeBy(50, TimeUnit.SECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.channel.isOpen()).as("50 s into the second request").isTrue();
		this.channel.advanceTimeBy(11, TimeUnit.SECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.channel.isOpen()).isFalse();
		this.channel.finishAndReleaseAll();
	}

	@Test
	void passesAnUndecodableRequestOnForItsAnswer() {
		HttpRequest request = request(HttpMethod.POST, HttpHeaderNames.CONTENT_LENGTH, "abc");
		request.setDecoderResult(DecoderResult.failure(new NumberFormatException("abc")));
		this.channel.writeInbound(request);
		assertThat((Object) this.channel.readInbound()).isSameAs(request);
		assertThat(this.deadline.running()).isFalse();
		this.channel.writeInbound(request(HttpMethod.POST, HttpHeaderNames.CONTENT_LENGTH, "5, 6"));
		assertThat(this.deadline.running()).isFalse();
		assertThat(this.channel.isOpen()).isTrue();
		this.channel.finishAndReleaseAll();
	}

	@Test
	void aClosedConnectionCancelsItsTimer() {
		this.channel.writeInbound(request(HttpMethod.POST, HttpHeaderNames.CONTENT_LENGTH, "100"));
		assertThat(this.deadline.running()).isTrue();
		this.channel.close();
		assertThat(this.deadline.running()).isFalse();
		this.channel.finishAndReleaseAll();
	}

	private static HttpRequest request(HttpMethod method, CharSequence header, String value) {
		HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, "/orders");
		if (header != null) {
			request.headers().set(header, value);
		}
		return request;
	}

}
