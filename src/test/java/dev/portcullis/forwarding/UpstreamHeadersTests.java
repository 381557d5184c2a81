package dev.portcullis.forwarding;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamHeadersTests {

	private final ServerWebExchange exchange = MockServerWebExchange
		.from(MockServerHttpRequest.get("/x").header("Accept", "text/plain"));

	@Test
	void theReceivedRequestsHeadersAreCopiedNeverChanged() {
		HttpHeaders received = this.exchange.getRequest().getHeaders();
		HttpHeaders writable = UpstreamHeaders.writable(received, this.exchange);
		writable.set("X-Added", "1");
		assertThat(writable).isNotSameAs(received);
		assertThat(writable.getFirst("Accept")).isEqualTo("text/plain");
		assertThat(received.containsHeader("X-Added")).isFalse();
	}

	@Test
	void aPrivateCopyFromAnEarlierFilterIsWrittenInPlace() {
		HttpHeaders copy = new HttpHeaders();
		copy.addAll(this.exchange.getRequest().getHeaders());
		assertThat(UpstreamHeaders.writable(copy, this.exchange)).isSameAs(copy);
	}

	@Test
	void readOnlyHeadersAreCopied() {
		HttpHeaders copy = new HttpHeaders();
		copy.set("Accept", "text/plain");
		HttpHeaders readOnly = HttpHeaders.readOnlyHttpHeaders(copy);
		HttpHeaders writable = UpstreamHeaders.writable(readOnly, this.exchange);
		writable.set("X-Added", "1");
		assertThat(writable).isNotSameAs(readOnly);
		assertThat(writable.getFirst("Accept")).isEqualTo("text/plain");
	}

}
