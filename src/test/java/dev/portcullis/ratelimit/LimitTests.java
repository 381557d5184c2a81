package dev.portcullis.ratelimit;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LimitTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			100/1s             | 1s     | 100  | 1     | 100  | 10000
			100/1s burst 200   | 1s     | 100  | 1     | 200  | 10000
			5000/1h            | 1h     | 5000 | 3600  | 5000 | 720000
			api=3/1s burst 1   | api    | 3    | 1     | 1    | 333333
			' 10 / 1m '        | 1m     | 10   | 60    | 10   | 6000000
			1/1d               | 1d     | 1    | 86400 | 1    | 86400000000
			""")
	void parsesQuotaPeriodBurstAndName(String text, String name, long quota, long window, long burst,
			long intervalMicros) {
		Limit limit = Limit.parse(text);
		assertThat(limit.name()).isEqualTo(name);
		assertThat(limit.quota()).isEqualTo(quota);
		assertThat(limit.windowSeconds()).isEqualTo(window);
		assertThat(limit.burst()).isEqualTo(burst);
		assertThat(limit.intervalMicros()).isEqualTo(intervalMicros);
		assertThat(limit.toleranceMicros()).isEqualTo(burst * intervalMicros);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "100", "100/", "/1s", "0/1s", "100/0s", "100/500ms", "100/1x", "100/1s burst 0",
			"100/1s burst", "-1/1s", "2000000/1s", "a b=1/1s" })
	void rejectsWhatIsNotALimit(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.parse(text));
	}

	@ParameterizedTest
	@CsvSource({ "100,200,1,100,200", "100,200,3,33,66", "5,5,10,1,1" })
	void dividesQuotaAndBurstAmongReplicasKeepingAtLeastOne(long quota, long burst, int replicas, long dividedQuota,
			long dividedBurst) {
		Limit divided = new Limit("x", quota, Duration.ofSeconds(1), burst).dividedBy(replicas);
		assertThat(divided.quota()).isEqualTo(dividedQuota);
		assertThat(divided.burst()).isEqualTo(dividedBurst);
		assertThat(divided.name()).isEqualTo("x");
	}

}
