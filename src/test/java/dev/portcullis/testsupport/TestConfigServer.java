package dev.portcullis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.config.server.EnableConfigServer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Spring Cloud Config Server (native backend on a temporary folder) on a random
 * loopback port, serving {@code portcullis.properties} to gateways started with
 * {@code spring.cloud.config.uri} set to {@link #url()}.
 */
public final class TestConfigServer implements AutoCloseable {

	private static final String EXCLUDED = String.join(",",
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
			"org.springframework.cloud.gateway.config.GatewayRedisAutoConfiguration");

	private final Path folder;

	private final ConfigurableApplicationContext context;

	private TestConfigServer(Path folder, ConfigurableApplicationContext context) {
		this.folder = folder;
		this.context = context;
	}

	/**
	 * Starts a config server that serves {@code properties} to the application
	 * {@code portcullis}.
	 */
	public static TestConfigServer start(Map<String, String> properties) {
		try {
			Path folder = Files.createTempDirectory("portcullis-config");
			write(folder, properties);
			ConfigurableApplicationContext context = new SpringApplicationBuilder(ConfigServerApplication.class)
				.web(WebApplicationType.SERVLET)
				.run("--spring.config.name=portcullis-test-config-server", "--spring.main.web-application-type=servlet",
						"--spring.main.banner-mode=off", "--server.port=0", "--server.address=127.0.0.1",
						"--spring.profiles.active=native",
						"--spring.cloud.config.server.native.search-locations=" + folder.toUri(),
						"--spring.cloud.config.import-check.enabled=false",
						"--spring.cloud.gateway.server.webflux.enabled=false",
						"--spring.autoconfigure.exclude=" + EXCLUDED);
			return new TestConfigServer(folder, context);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Replaces what the server serves; gateways see it on their next refresh. */
	public void serve(Map<String, String> properties) {
		write(this.folder, properties);
	}

	public String url() {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	private static void write(Path folder, Map<String, String> properties) {
		Properties file = new Properties();
		file.putAll(properties);
		try (Writer writer = Files.newBufferedWriter(folder.resolve("portcullis.properties"), StandardCharsets.UTF_8)) {
			file.store(writer, null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * Deliberately not a {@code @Configuration}: the gateway's component scan covers this
	 * package and must not find a config server.
	 */
	@EnableAutoConfiguration
	@EnableConfigServer
	static class ConfigServerApplication {

	}

}
