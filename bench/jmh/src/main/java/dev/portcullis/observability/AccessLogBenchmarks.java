package dev.portcullis.observability;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The access log's duration field: {@code String.format("%03d")}, as it was written
 * before, against {@link AccessLogFilter#appendMillis}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AccessLogBenchmarks {

	private long micros = 12_345;

	@Benchmark
	public String durationWithFormat() {
		this.micros += 7;
		StringBuilder line = new StringBuilder(32);
		line.append(this.micros / 1000).append('.').append(String.format("%03d", this.micros % 1000));
		return line.toString();
	}

	@Benchmark
	public String durationAppended() {
		this.micros += 7;
		StringBuilder line = new StringBuilder(32);
		AccessLogFilter.appendMillis(line, this.micros);
		return line.toString();
	}

}
