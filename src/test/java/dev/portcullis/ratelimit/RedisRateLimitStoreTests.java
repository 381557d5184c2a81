package dev.portcullis.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.portcullis.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(TestRedis.class)
class RedisRateLimitStoreTests extends RateLimitStoreContractTests {

	private static LettuceConnectionFactory connections;

	private static ReactiveStringRedisTemplate redis;

	private static RedisRateLimitStore store;

	@BeforeAll
	static void connect(TestRedis testRedis) {
		connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(testRedis.host(), testRedis.port()));
		connections.afterPropertiesSet();
		connections.start();
		redis = new ReactiveStringRedisTemplate(connections);
		store = new RedisRateLimitStore(redis);
	}

	@AfterAll
	static void disconnect() {
		connections.destroy();
	}

	@Override
	protected RateLimitStore store() {
		return store;
	}

	@Test
	void decidesEveryLimitOfARequestInOneScriptCallBySha() {
		List<Limit> limits = List.of(Limit.parse("a=10/1s"), Limit.parse("b=100/1h"), Limit.parse("c=1000/1d"));
		String key = "round-trips:" + UUID.randomUUID();
		store.acquire(key, limits).block(Duration.ofSeconds(10));
		long evalsBefore = calls("eval");
		long evalshasBefore = calls("evalsha");
		for (int i = 0; i < 5; i++) {
			store.acquire(key, limits).block(Duration.ofSeconds(10));
		}
		assertThat(calls("evalsha") - evalshasBefore).isEqualTo(5);
		assertThat(calls("eval")).isEqualTo(evalsBefore);
	}

	/** How often Redis has run {@code command}, from {@code INFO commandstats}. */
	private static long calls(String command) {
		Properties stats;
		try (ReactiveRedisConnection connection = connections.getReactiveConnection()) {
			stats = connection.serverCommands().info("commandstats").block(Duration.ofSeconds(10));
		}
		String line = stats.getProperty("cmdstat_" + command);
		return (line != null) ? Long.parseLong(line.replaceAll("^calls=(\\d+),.*", "$1")) : 0;
	}

	@Test
	void keysExpireWhenTheirLimitIsFullAgain() {
		List<Limit> limits = List.of(Limit.parse("one=10/1s"), Limit.parse("two=60/1h"));
		String key = "expiry:" + UUID.randomUUID();
		store.acquire(key, limits).block(Duration.ofSeconds(10));
		Duration one = redis.getExpire(RedisRateLimitStore.KEY_PREFIX + "{" + key + "}:one")
			.block(Duration.ofSeconds(10));
		Duration two = redis.getExpire(RedisRateLimitStore.KEY_PREFIX + "{" + key + "}:two")
			.block(Duration.ofSeconds(10));
		assertThat(one).isBetween(Duration.ZERO, Duration.ofMillis(100));
		assertThat(two).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60));
	}

}
