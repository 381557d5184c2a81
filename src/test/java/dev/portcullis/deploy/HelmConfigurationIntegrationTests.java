package dev.portcullis.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestRedis;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real gateway started on the {@code application.yml} that the Helm chart renders
 * into its ConfigMap, read from an additional config location and with the profile the
 * chart activates, as in a pod: its route, upstream group and Redis work.
 */
@ExtendWith(TestRedis.class)
class HelmConfigurationIntegrationTests {

	private static final List<TestUpstream> upstreams = List.of(TestUpstream.start("orders-1"),
			TestUpstream.start("orders-2"));

	private static TestGateway gateway;

	@BeforeAll
	static void start(TestRedis redis, @TempDir Path config) throws IOException {
		Manifests manifests = HelmChartTests.template((command) -> command.set("redis.enabled", "true")
			.set("redis.host", redis.host())
			.set("redis.port", String.valueOf(redis.port()))
			.set("config.upstreams.orders.instances[0]", upstreams.get(0).url())
			.set("config.upstreams.orders.instances[1]", upstreams.get(1).url())
			.set("config.routes[0].id", "orders")
			.set("config.routes[0].uri", "lb://orders")
			.set("config.routes[0].predicates[0]", "Path=/orders/**")
			.set("config.trustedProxies[0]", "10.0.0.0/8"));
		Files.writeString(config.resolve("application.yml"),
				(String) Manifests.get(manifests.one("ConfigMap"), "data.application\\.yml"));
		Map<String, String> properties = new HashMap<>();
		properties.put("spring.profiles.active", (String) manifests.env().get("SPRING_PROFILES_ACTIVE"));
		// In a pod the file is mounted at /etc/portcullis/config/; here it sits in a temp
		// directory.
		properties.put("spring.config.additional-location", "file:" + config.toAbsolutePath() + "/");
		gateway = TestGateway.start(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		upstreams.forEach(TestUpstream::close);
	}

	@Test
	void balancesTheChartsRouteOverItsUpstreamGroup() {
		for (int i = 0; i < 4; i++) {
			gateway.client().get().uri("/orders/" + i).exchange().expectStatus().isOk().expectBody(Void.class);
		}
		assertThat(upstreams).allSatisfy((upstream) -> assertThat(upstream.received()).hasSize(2));
		assertThat(upstreams.get(0).lastReceived().uri()).startsWith("/orders/");
	}

	@Test
	void connectsToTheChartsRedisAndStaysReadyForTheProbes() {
		gateway.admin()
			.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.redis.status")
			.isEqualTo("UP");
		for (String group : List.of("liveness", "readiness")) {
			gateway.management()
				.get()
				.uri("/actuator/health/" + group)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP");
		}
	}

	@Test
	void runsWithoutTheDemoAndWithTheChartsShutdownTimeout() {
		Environment environment = gateway.context().getEnvironment();
		assertThat(environment.getActiveProfiles()).containsExactly("kubernetes");
		assertThat(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class))
			.isEqualTo(Duration.ofSeconds(25));
		assertThat(environment.getProperty("portcullis.forwarding.trusted-proxies[0]")).isEqualTo("10.0.0.0/8");
		gateway.client().get().uri("/demo/whoami").exchange().expectStatus().isNotFound().expectBody(Void.class);
	}

}
