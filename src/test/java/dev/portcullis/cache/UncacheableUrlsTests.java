package dev.portcullis.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UncacheableUrlsTests {

	private final AtomicLong nanos = new AtomicLong();

	private final UncacheableUrls urls = new UncacheableUrls(Duration.ofSeconds(120), this.nanos::get);

	@Test
	void remembersAKeyForItsTimeToLive() {
		this.urls.add("http://a/x");
		assertThat(this.urls.contains("http://a/x")).isTrue();
		assertThat(this.urls.contains("http://a/y")).isFalse();
		this.nanos.addAndGet(Duration.ofSeconds(119).toNanos());
		assertThat(this.urls.contains("http://a/x")).isTrue();
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(this.urls.contains("http://a/x")).isFalse();
	}

	@Test
	void anotherUncacheableResponseStartsTheTimeAgain() {
		this.urls.add("http://a/x");
		this.nanos.addAndGet(Duration.ofSeconds(100).toNanos());
		this.urls.add("http://a/x");
		this.nanos.addAndGet(Duration.ofSeconds(100).toNanos());
		assertThat(this.urls.contains("http://a/x")).isTrue();
	}

	@Test
	void aStorableResponseForgetsTheKeyAtOnce() {
		this.urls.add("http://a/x");
		this.urls.remove("http://a/x");
		assertThat(this.urls.contains("http://a/x")).isFalse();
	}

	@Test
	void aZeroTimeToLiveRemembersNothing() {
		UncacheableUrls none = new UncacheableUrls(Duration.ZERO, this.nanos::get);
		none.add("http://a/x");
		assertThat(none.contains("http://a/x")).isFalse();
	}

	@Test
	void holdsABoundedNumberOfKeys() {
		for (int i = 0; i < UncacheableUrls.MAX_KEYS * 2; i++) {
			this.urls.add("http://a/" + i);
		}
		long remembered = 0;
		for (int i = 0; i < UncacheableUrls.MAX_KEYS * 2; i++) {
			remembered += this.urls.contains("http://a/" + i) ? 1 : 0;
		}
		assertThat(remembered).isLessThanOrEqualTo(UncacheableUrls.MAX_KEYS);
	}

}
