package dev.portcullis.ratelimit;

import java.util.List;
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
 * One GCRA decision (the rate limiter's per-request arithmetic, as the memory store and
 * the Redis script make it) for one limit and for two limits at once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GcraBenchmarks {

	private List<Limit> one;

	private List<Limit> two;

	private long[] tats;

	private long now;

	@Setup
	public void setUp() {
		this.one = List.of(Limit.parse("1000000/1s"));
		this.two = List.of(Limit.parse("1000000/1s"), Limit.parse("50000000/1m"));
		this.tats = new long[2];
		this.now = 1_000_000_000L;
	}

	@Benchmark
	public GcraPolicy.Decision oneLimit() {
		this.now += 3;
		GcraPolicy.Decision decision = GcraPolicy.acquire(this.one, this.tats, this.now);
		this.tats[0] = decision.tats()[0];
		return decision;
	}

	@Benchmark
	public GcraPolicy.Decision twoLimits() {
		this.now += 3;
		GcraPolicy.Decision decision = GcraPolicy.acquire(this.two, this.tats, this.now);
		System.arraycopy(decision.tats(), 0, this.tats, 0, 2);
		return decision;
	}

}
