package dev.portcullis.security;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class BodyLimitFilterTests {

	@Test
	void aRequestWithContentLengthZeroHasNoBodyToCount() {
		assertThat(BodyLimitFilter.hasNoBody(MockServerHttpRequest.post("/x").contentLength(0).build())).isTrue();
	}

	@Test
	void aRequestWithAContentLengthHasABody() {
		assertThat(BodyLimitFilter.hasNoBody(MockServerHttpRequest.post("/x").contentLength(5).build())).isFalse();
	}

	@Test
	void aChunkedRequestHasABody() {
		assertThat(BodyLimitFilter
			.hasNoBody(MockServerHttpRequest.post("/x").header("Transfer-Encoding", "chunked").build())).isFalse();
	}

}
