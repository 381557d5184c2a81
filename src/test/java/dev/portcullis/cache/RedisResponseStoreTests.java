package dev.portcullis.cache;

import java.time.Clock;
import java.time.Duration;

import dev.portcullis.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(TestRedis.class)
class RedisResponseStoreTests extends ResponseStoreContractTests {

	private static LettuceConnectionFactory connections;

	private static RedisResponseStore store;

	@BeforeAll
	static void connect(TestRedis redis) {
		connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
		connections.afterPropertiesSet();
		connections.start();
		store = new RedisResponseStore(CacheConfiguration.bytesTemplate(connections),
				new ReactiveStringRedisTemplate(connections), Duration.ofSeconds(5), Clock.systemUTC());
	}

	@AfterAll
	static void disconnect() {
		connections.destroy();
	}

	@Override
	ResponseStore store() {
		return store;
	}

	@Test
	void aLockHeldByAnotherGatewayIsNotTakenNorReleased() {
		RedisResponseStore other = new RedisResponseStore(CacheConfiguration.bytesTemplate(connections),
				new ReactiveStringRedisTemplate(connections), Duration.ofSeconds(5), Clock.systemUTC());
		assertThat(store.tryLock("shared-lock", Duration.ofSeconds(5)).block()).isTrue();
		assertThat(other.tryLock("shared-lock", Duration.ofSeconds(5)).block()).isFalse();
		other.unlock("shared-lock").block();
		assertThat(other.isLocked("shared-lock").block()).isTrue();
		store.unlock("shared-lock").block();
		assertThat(other.isLocked("shared-lock").block()).isFalse();
	}

	@Test
	void escapesGlobCharactersInPrefixes() {
		assertThat(RedisResponseStore.escapeGlob("http://a/*?[x]\\")).isEqualTo("http://a/\\*\\?\\[x\\]\\\\");
	}

}
