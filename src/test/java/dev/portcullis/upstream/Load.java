package dev.portcullis.upstream;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A bounded GET load on the gateway: a fixed number of requests, a fixed concurrency, and
 * a bound on the whole run.
 */
final class Load {

	private Load() {
	}

	/**
	 * Sends {@code count} GETs of {@code url}, {@code concurrency} at a time, and answers
	 * each one's status and {@code X-Upstream} ({@code -} when absent), in completion
	 * order. {@code afterEach} runs after each answer, with how many have arrived.
	 */
	static List<Answer> get(String url, int count, int concurrency, Map<String, String> headers,
			java.util.function.IntConsumer afterEach) {
		ConnectionProvider connections = ConnectionProvider.create("load", concurrency);
		try {
			HttpClient client = HttpClient.create(connections)
				.responseTimeout(Duration.ofSeconds(10))
				.headers((h) -> headers.forEach(h::set));
			int[] done = { 0 };
			return Flux.range(0, count)
				.flatMap((i) -> client.get()
					.uri(url)
					.responseSingle((response, body) -> body.asString()
						.defaultIfEmpty("")
						.map((text) -> new Answer(response.status().code(),
								response.responseHeaders().get("X-Upstream", "-")))),
						concurrency)
				.doOnNext((answer) -> afterEach.accept(++done[0]))
				.collectList()
				.block(Duration.ofSeconds(120));
		}
		finally {
			connections.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	static List<Answer> get(String url, int count, int concurrency) {
		return get(url, count, concurrency, Map.of(), (done) -> {
		});
	}

	/**
	 * One answer.
	 *
	 * @param status the response status
	 * @param upstream the upstream that answered, from {@code X-Upstream}
	 */
	record Answer(int status, String upstream) {

	}

}
