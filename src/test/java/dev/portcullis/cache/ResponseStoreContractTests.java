package dev.portcullis.cache;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link ResponseStore} must do; each store's test class extends this. */
abstract class ResponseStoreContractTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private String base;

	abstract ResponseStore store();

	@BeforeEach
	void uniqueKeys() {
		this.base = "http://contract-" + UUID.randomUUID() + "/";
	}

	private static StoredResponse response(String routeId, String body, Map<String, String> varySelection) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		return new StoredResponse(routeId, 200, Map.of("Content-Type", List.of("text/plain"), "Cache-Control",
				List.of("max-age=60"), "X-Multi", List.of("a", "b")), varySelection, now.minusMillis(5), now,
				body.getBytes());
	}

	private List<StoredResponse> variants(String key) {
		return store().variants(key).block(WAIT);
	}

	@Test
	void returnsWhatWasStoredExactly() {
		StoredResponse stored = response("r1", "hello", Map.of());
		store().put(this.base + "a", stored, Duration.ofMinutes(1)).block(WAIT);
		assertThat(variants(this.base + "a")).containsExactly(stored);
		assertThat(variants(this.base + "other")).isEmpty();
	}

	@Test
	void keepsVariantsSideBySideAndReplacesTheSameVariant() {
		String key = this.base + "v";
		store().put(key, response("r1", "de", Map.of("accept-language", "de")), Duration.ofMinutes(1)).block(WAIT);
		store().put(key, response("r1", "en", Map.of("accept-language", "en")), Duration.ofMinutes(1)).block(WAIT);
		store().put(key, response("r1", "en2", Map.of("accept-language", "en")), Duration.ofMinutes(1)).block(WAIT);
		assertThat(variants(key)).extracting((r) -> new String(r.body())).containsExactlyInAnyOrder("de", "en2");
	}

	@Test
	void removesOneKeyWithAllItsVariants() {
		String key = this.base + "x";
		store().put(key, response("r1", "de", Map.of("accept-language", "de")), Duration.ofMinutes(1)).block(WAIT);
		store().put(key, response("r1", "en", Map.of("accept-language", "en")), Duration.ofMinutes(1)).block(WAIT);
		assertThat(store().remove(key).block(WAIT)).isEqualTo(1L);
		assertThat(store().remove(key).block(WAIT)).isZero();
		assertThat(variants(key)).isEmpty();
	}

	@Test
	void removesByPrefixLiterally() {
		store().put(this.base + "items/1", response("r1", "1", Map.of()), Duration.ofMinutes(1)).block(WAIT);
		store().put(this.base + "items/2?q=*", response("r1", "2", Map.of()), Duration.ofMinutes(1)).block(WAIT);
		store().put(this.base + "other", response("r1", "3", Map.of()), Duration.ofMinutes(1)).block(WAIT);
		assertThat(store().removeByPrefix(this.base + "items/").block(WAIT)).isEqualTo(2L);
		assertThat(variants(this.base + "items/1")).isEmpty();
		assertThat(variants(this.base + "other")).hasSize(1);
		assertThat(store().removeByPrefix(this.base + "*").block(WAIT)).isZero();
	}

	@Test
	void removesByRoute() {
		String route = "route-" + UUID.randomUUID();
		store().put(this.base + "a", response(route, "1", Map.of()), Duration.ofMinutes(1)).block(WAIT);
		store().put(this.base + "b", response(route, "2", Map.of()), Duration.ofMinutes(1)).block(WAIT);
		store().put(this.base + "c", response("another", "3", Map.of()), Duration.ofMinutes(1)).block(WAIT);
		assertThat(store().removeByRoute(route).block(WAIT)).isEqualTo(2L);
		assertThat(variants(this.base + "a")).isEmpty();
		assertThat(variants(this.base + "c")).hasSize(1);
	}

	@Test
	void forgetsEntriesOnceTheirRetentionHasPassed() {
		String key = this.base + "short";
		store().put(key, response("r1", "1", Map.of()), Duration.ofMillis(50)).block(WAIT);
		Instant deadline = Instant.now().plus(WAIT);
		while (!variants(key).isEmpty() && Instant.now().isBefore(deadline)) {
			// bounded poll: the loop ends at the deadline
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
		assertThat(variants(key)).isEmpty();
	}

	@Test
	void aLongerRetentionOfOneVariantKeepsTheKey() {
		String key = this.base + "mixed";
		store().put(key, response("r1", "long", Map.of("a", "1")), Duration.ofMinutes(1)).block(WAIT);
		store().put(key, response("r1", "short", Map.of("a", "2")), Duration.ofMillis(1)).block(WAIT);
		assertThat(variants(key)).extracting((r) -> new String(r.body())).contains("long");
	}

	@Test
	void aLockIsReleasedByItsHolder() {
		String key = this.base + "lock";
		assertThat(store().tryLock(key, Duration.ofSeconds(5)).block(WAIT)).isTrue();
		store().unlock(key).block(WAIT);
		assertThat(store().isLocked(key).block(WAIT)).isFalse();
		assertThat(store().tryLock(key, Duration.ofSeconds(5)).block(WAIT)).isTrue();
		store().unlock(key).block(WAIT);
	}

}
