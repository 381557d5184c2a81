package dev.portcullis.redis;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code spring.data.redis.*} set, the gateway connects to that Redis and reports it
 * in health.
 */
@ExtendWith(TestRedis.class)
class RedisIntegrationTests {

	private static TestGateway gateway;

	@BeforeAll
	static void start(TestRedis redis) {
		Map<String, String> properties = new HashMap<>(redis.springProperties());
		gateway = TestGateway.start(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	@Test
	void connectsToTheNamedRedis() {
		ReactiveStringRedisTemplate redis = gateway.context().getBean(ReactiveStringRedisTemplate.class);
		Boolean written = redis.opsForValue()
			.set("portcullis:test:ping", "pong", Duration.ofMinutes(1))
			.block(Duration.ofSeconds(5));
		assertThat(written).isTrue();
		assertThat(redis.opsForValue().get("portcullis:test:ping").block(Duration.ofSeconds(5))).isEqualTo("pong");
	}

	@Test
	void reportsRedisUpInHealthDetails() {
		gateway.admin()
			.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.redis.status")
			.isEqualTo("UP");
	}

}
