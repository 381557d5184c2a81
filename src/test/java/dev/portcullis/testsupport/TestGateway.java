package dev.portcullis.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.portcullis.PortcullisApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The real gateway application, started on random public and management ports with the
 * given properties, for integration tests (one or more instances per test class). Unless
 * a test says otherwise the demo is off and the admin password is
 * {@link #ADMIN_PASSWORD}.
 */
public final class TestGateway implements AutoCloseable {

	public static final String ADMIN_PASSWORD = "test-admin-secret";

	private final ConfigurableApplicationContext context;

	private TestGateway(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts a gateway; {@code properties} override the test defaults and
	 * {@code application.yml}.
	 */
	public static TestGateway start(Map<String, String> properties) {
		Map<String, String> all = new LinkedHashMap<>(defaults());
		all.putAll(properties);
		return new TestGateway(new SpringApplicationBuilder(PortcullisApplication.class)
			// As PortcullisApplication.main does; it matters here, where the test class
			// path also holds a servlet stack (for TestConfigServer).
			.web(WebApplicationType.REACTIVE)
			.initializers(TestGateway::ownEventLoops)
			.run(asArguments(all)));
	}

	/**
	 * Gives each gateway its own Reactor Netty event loops. By default every Boot
	 * application in a JVM shares the global ones and disposes of them when it closes,
	 * which would take down the other gateways of a test that stops one of several.
	 */
	private static void ownEventLoops(ConfigurableApplicationContext context) {
		((GenericApplicationContext) context).registerBean(ReactorResourceFactory.class, () -> {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setUseGlobalResources(false);
			return factory;
		});
	}

	/** The properties every test gateway starts with. */
	public static Map<String, String> defaults() {
		Map<String, String> defaults = new LinkedHashMap<>();
		defaults.put("server.port", "0");
		defaults.put("server.address", "127.0.0.1");
		defaults.put("management.server.port", "0");
		defaults.put("management.server.address", "127.0.0.1");
		defaults.put("portcullis.admin.password", ADMIN_PASSWORD);
		defaults.put("portcullis.demo.enabled", "false");
		defaults.put("spring.main.banner-mode", "off");
		// commons-pool2 is on the test classpath only (through Config Server); without
		// this
		// Lettuce would pool connections in tests but not in the product.
		defaults.put("spring.data.redis.lettuce.pool.enabled", "false");
		// Tomcat is on the test classpath only for TestConfigServer (Config Server needs
		// a
		// servlet container); the gateway's reactive server and management port are
		// Netty.
		defaults.put("spring.autoconfigure.exclude",
				"org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
						+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server."
						+ "TomcatReactiveManagementContextAutoConfiguration");
		return defaults;
	}

	/**
	 * The properties as command-line arguments, which outrank {@code application.yml}.
	 */
	public static String[] asArguments(Map<String, String> properties) {
		List<String> arguments = new ArrayList<>();
		properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return arguments.toArray(String[]::new);
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public int managementPort() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.management.port"));
	}

	public String url() {
		return "http://127.0.0.1:" + port();
	}

	public String managementUrl() {
		return "http://127.0.0.1:" + managementPort();
	}

	/** A client of the public port. */
	public WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl(url()).responseTimeout(Duration.ofSeconds(20)).build();
	}

	/** A client of the management port, without credentials. */
	public WebTestClient management() {
		return WebTestClient.bindToServer().baseUrl(managementUrl()).responseTimeout(Duration.ofSeconds(20)).build();
	}

	/** A client of the management port, as the admin user. */
	public WebTestClient admin() {
		return management().mutate().defaultHeaders((h) -> h.setBasicAuth("admin", ADMIN_PASSWORD)).build();
	}

	/** The Prometheus scrape of the open management endpoint; fails unless it is 200. */
	public String metrics() {
		return management().get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
