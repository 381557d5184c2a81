package dev.portcullis.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.RemovalCause;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryResponseStoreTests extends ResponseStoreContractTests {

	private final MemoryResponseStore store = new MemoryResponseStore(10_000_000, Clock.systemUTC(), (r, c) -> {
	});

	@Override
	ResponseStore store() {
		return this.store;
	}

	@Test
	void evictsBySizeInBytesAndReportsIt() {
		List<RemovalCause> causes = new ArrayList<>();
		MemoryResponseStore small = new MemoryResponseStore(10_000, Clock.systemUTC(), (route, cause) -> {
			synchronized (causes) {
				causes.add(cause);
			}
		});
		for (int i = 0; i < 10; i++) {
			small
				.put("k" + i,
						new StoredResponse("r", 200, Map.of(), Map.of(), Instant.now(), Instant.now(), new byte[3_000]),
						Duration.ofMinutes(1))
				.block();
		}
		long kept = java.util.stream.IntStream.range(0, 10)
			.filter((i) -> !small.variants("k" + i).block().isEmpty())
			.count();
		assertThat(kept).isLessThanOrEqualTo(3);
	}

	@Test
	void localStoreLocksAlwaysSucceed() {
		assertThat(this.store.tryLock("k", Duration.ofSeconds(1)).block()).isTrue();
		assertThat(this.store.tryLock("k", Duration.ofSeconds(1)).block()).isTrue();
	}

}
