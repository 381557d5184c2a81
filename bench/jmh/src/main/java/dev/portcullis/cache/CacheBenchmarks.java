package dev.portcullis.cache;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The response cache's per-request decisions: the cache key of a URL, whether a response
 * may be stored, reading its {@code Date}, and whether a stored response may answer a
 * request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CacheBenchmarks {

	private final URI uri = URI.create("http://Gateway.Example:8080/api/orders/42?expand=lines&page=2");

	private CachePolicy policy;

	private Fields request;

	private Fields response;

	private StoredResponse stored;

	@Setup
	public void setUp() {
		Instant now = Instant.parse("2026-12-02T12:00:00Z");
		this.policy = new CachePolicy(Clock.fixed(now, ZoneOffset.UTC),
				new CachePolicy.Settings(0.1, Duration.ofHours(24), false, Duration.ofMinutes(10)));
		this.request = Fields.of("Accept", "application/json", "Accept-Encoding", "gzip", "User-Agent", "wrk");
		this.response = Fields.of("Cache-Control", "public, max-age=3600", "Content-Type", "application/json", "ETag",
				"\"v1\"", "Vary", "Accept-Encoding", "Date", "Wed, 02 Dec 2026 11:59:30 GMT");
		Map<String, List<String>> headers = Map.of("Cache-Control", List.of("public, max-age=3600"), "Content-Type",
				List.of("application/json"), "ETag", List.of("\"v1\""), "Vary", List.of("Accept-Encoding"));
		this.stored = new StoredResponse("orders", 200, headers, Map.of("accept-encoding", "gzip"),
				now.minusSeconds(30), now.minusSeconds(30), new byte[1024]);
	}

	@Benchmark
	public String cacheKey() {
		return CacheKey.of(this.uri);
	}

	@Benchmark
	public Object storability() {
		return this.policy.storability("GET", this.request, 200, this.response);
	}

	/** An upstream's {@code Date}, read on every miss to judge the response. */
	@Benchmark
	public Object httpDate() {
		return Fields.parseDate("Wed, 02 Dec 2026 11:59:30 GMT");
	}

	@Benchmark
	public Object lookupDecision() {
		return this.policy.evaluate(this.request, this.stored);
	}

}
