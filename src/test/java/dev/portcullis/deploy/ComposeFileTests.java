package dev.portcullis.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.portcullis.upstream.UpstreamsProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static dev.portcullis.deploy.Manifests.get;
import static dev.portcullis.deploy.Manifests.list;
import static dev.portcullis.deploy.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@code docker-compose.yml} by reading it (Docker is not available to the build):
 * the gateway publishes the ports the application listens on, every variable and key it
 * sets is one the application reads, and the routes and upstream group it configures pass
 * the application's own validation and point at the upstream services.
 */
class ComposeFileTests {

	static Map<String, Object> compose;

	static Map<String, Object> gateway;

	static Map<String, Object> environment;

	@BeforeAll
	static void read() {
		compose = DeploymentFiles.yaml("docker-compose.yml");
		gateway = map(compose, "services.portcullis");
		environment = map(gateway, "environment");
	}

	@Test
	void runsTheGatewayRedisAndTwoUpstreams() {
		assertThat(map(compose, "services")).containsOnlyKeys("portcullis", "redis", "echo-1", "echo-2");
		assertThat(get(gateway, "build")).isEqualTo(".");
		assertThat(get(gateway, "depends_on.redis.condition")).isEqualTo("service_healthy");
		assertThat(list(compose, "services.redis.healthcheck.test")).isNotEmpty();
	}

	@Test
	void publishesThePortsTheApplicationListensOn() {
		Map<String, Object> application = DeploymentFiles.applicationYaml();
		int serverPort = (int) get(application, "server.port");
		int managementPort = (int) get(application, "management.server.port");
		assertThat(list(gateway, "ports")).containsExactly(serverPort + ":" + serverPort,
				"127.0.0.1:" + managementPort + ":" + managementPort);
	}

	@Test
	void switchesTheDemoOffAndRunsReadOnly() {
		Object defaultProfile = get(DeploymentFiles.applicationYaml(), "spring.profiles.default");
		assertThat(defaultProfile).isEqualTo("demo");
		assertThat((String) environment.get("SPRING_PROFILES_ACTIVE")).isNotBlank().doesNotContain("demo");
		assertThat(get(gateway, "read_only")).isEqualTo(true);
		assertThat(list(gateway, "tmpfs")).containsExactly("/tmp");
	}

	@Test
	void everyVariableTheGatewayGetsBindsToAPropertyItReads() {
		ConfigurationMetadata metadata = ConfigurationMetadata.load();
		assertThat(environment).containsKeys("SPRING_DATA_REDIS_HOST", "SPRING_DATA_REDIS_PASSWORD",
				"PORTCULLIS_ADMIN_PASSWORD");
		assertThat(environment.keySet()).filteredOn((name) -> metadata.propertyOf(name).isEmpty())
			.as("variables that bind to no property (JDK_JAVA_OPTIONS is read by the java launcher)")
			.containsExactly("JDK_JAVA_OPTIONS");
		assertThat(metadata.propertyOf("PORTCULLIS_ADMIN_PASSWORD")).contains("portcullis.admin.password");
		assertThat(metadata.propertyOf("SPRING_DATA_REDIS_HOST")).contains("spring.data.redis.host");
	}

	@Test
	void pointsRedisAtTheRedisServiceWithItsPassword() {
		assertThat(environment.get("SPRING_DATA_REDIS_HOST")).isEqualTo("redis");
		assertThat(environment.get("SPRING_DATA_REDIS_PORT")).isEqualTo("6379");
		String password = (String) environment.get("SPRING_DATA_REDIS_PASSWORD");
		assertThat(password).startsWith("${REDIS_PASSWORD");
		assertThat(list(compose, "services.redis.command")).contains("--requirepass", password);
	}

	@Test
	void mountsTheGatewayConfigurationWhereItIsRead() {
		Map<String, Object> mount = Manifests.asMap(list(gateway, "configs").get(0));
		String location = (String) environment.get("SPRING_CONFIG_ADDITIONAL_LOCATION");
		assertThat(location).startsWith("file:").endsWith("/");
		assertThat(mount.get("target")).isEqualTo(location.substring("file:".length()) + "application.yml");
		assertThat(map(compose, "configs")).containsKey((String) mount.get("source"));
	}

	@Test
	void configuresARouteToAnUpstreamGroupOfTheEchoServicesThatTheGatewayAccepts() throws IOException {
		String content = (String) get(compose, "configs.portcullis-config.content");
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("compose",
				new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8)));
		// Bound and validated as at start-up: a bad URI or group name would throw here.
		UpstreamsProperties upstreams = new Binder(ConfigurationPropertySources.from(sources))
			.bind("portcullis", UpstreamsProperties.class)
			.get();
		assertThat(upstreams.upstreams()).containsOnlyKeys("echo");
		List<URI> instances = upstreams.upstreams()
			.get("echo")
			.instances()
			.stream()
			.map(UpstreamsProperties.Instance::toUri)
			.toList();
		assertThat(instances).extracting(URI::getHost).containsExactly("echo-1", "echo-2");
		assertThat(map(compose, "services")).containsKeys("echo-1", "echo-2");

		Map<String, Object> config = Manifests.asMap(Manifests.newYaml().load(content));
		assertThat(get(config, "spring.cloud.gateway.server.webflux.routes.0.uri")).isEqualTo("lb://echo");
		assertThat(get(config, "portcullis.cache.store")).isEqualTo("redis");
		assertThat(get(config, "portcullis.ratelimit.store")).isEqualTo("redis");
		ConfigurationMetadata metadata = ConfigurationMetadata.load();
		assertThat(ConfigurationMetadata.flatten(config)).filteredOn((key) -> !metadata.isDeclared(key))
			.isSubsetOf(HelmChartTests.PROPERTIES_IN_PROGRESS);
	}

	@Test
	void givesInFlightRequestsTimeToFinishOnStop() {
		String content = (String) get(compose, "configs.portcullis-config.content");
		String phase = (String) get(Manifests.newYaml().load(content), "spring.lifecycle.timeout-per-shutdown-phase");
		String grace = (String) get(gateway, "stop_grace_period");
		assertThat(Integer.parseInt(phase.replace("s", ""))).isLessThan(Integer.parseInt(grace.replace("s", "")));
		assertThat(Set.of(phase, grace)).allMatch((value) -> value.matches("\\d+s"));
	}

}
