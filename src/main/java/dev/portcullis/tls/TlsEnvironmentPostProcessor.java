package dev.portcullis.tls;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns {@code portcullis.tls.*} and {@code portcullis.upstream-tls.*} into the Spring
 * Boot and Spring Cloud Gateway settings that do the work: SSL bundles
 * {@value TlsProperties#BUNDLE} (reloaded when its files change) and
 * {@value UpstreamTlsProperties#BUNDLE}, {@code server.ssl.*},
 * {@code server.http2.enabled} and
 * {@code spring.cloud.gateway.server.webflux.httpclient.ssl.*}. It reads every named file
 * first, so a bad one stops start-up naming its property. The settings are added with the
 * lowest precedence: an explicit {@code spring.ssl.bundle.pem.portcullis.*} or
 * {@code server.ssl.*} still wins.
 */
class TlsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "portcullisTls";

	private static final String SERVER_BUNDLE = "spring.ssl.bundle.pem." + TlsProperties.BUNDLE + ".";

	private static final String UPSTREAM_BUNDLE = "spring.ssl.bundle.pem." + UpstreamTlsProperties.BUNDLE + ".";

	private static final String HTTPCLIENT_SSL = "spring.cloud.gateway.server.webflux.httpclient.ssl.";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		TlsProperties tls = binder.bindOrCreate("portcullis.tls", TlsProperties.class);
		UpstreamTlsProperties upstream = binder.bindOrCreate("portcullis.upstream-tls", UpstreamTlsProperties.class);
		Map<String, Object> settings = new LinkedHashMap<>();
		if (tls.enabled()) {
			settings.putAll(serverSettings(tls));
			if (!hasManagementSsl(environment)) {
				// Boot gives a separate management port the server's SSL unless it has
				// its
				// own; the probes and Prometheus scrapes stay plain HTTP.
				settings.put("management.server.ssl.enabled", "false");
			}
		}
		if (upstream.isConfigured()) {
			settings.putAll(upstreamSettings(upstream));
		}
		if (!settings.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, settings));
		}
	}

	static Map<String, Object> serverSettings(TlsProperties tls) {
		String certificate = required(tls.certificate());
		String privateKey = required(tls.privateKey());
		PemFiles.checkKeyPair(TlsProperties.PREFIX + "certificate", certificate, TlsProperties.PREFIX + "private-key",
				privateKey, tls.privateKeyPassword());
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put(SERVER_BUNDLE + "keystore.certificate", PemFiles.bundleLocation(certificate));
		settings.put(SERVER_BUNDLE + "keystore.private-key", PemFiles.bundleLocation(privateKey));
		putIfText(settings, SERVER_BUNDLE + "keystore.private-key-password", tls.privateKeyPassword());
		String clientCa = tls.clientCa();
		if (StringUtils.hasText(clientCa)) {
			PemFiles.certificates(TlsProperties.PREFIX + "client-ca", clientCa);
			settings.put(SERVER_BUNDLE + "truststore.certificate", PemFiles.bundleLocation(clientCa));
		}
		settings.put(SERVER_BUNDLE + "options.enabled-protocols", String.join(",", tls.protocols()));
		settings.put(SERVER_BUNDLE + "options.ciphers", String.join(",", tls.ciphers()));
		// A renewed certificate (cert-manager, a rotated Secret) is served to the next
		// new
		// connection; open connections keep the one they negotiated.
		settings.put(SERVER_BUNDLE + "reload-on-update", "true");
		settings.put("server.ssl.enabled", "true");
		settings.put("server.ssl.bundle", TlsProperties.BUNDLE);
		settings.put("server.ssl.client-auth", tls.clientAuth().name().toLowerCase(Locale.ROOT));
		settings.put("server.http2.enabled", String.valueOf(tls.http2()));
		return settings;
	}

	static Map<String, Object> upstreamSettings(UpstreamTlsProperties upstream) {
		Map<String, Object> settings = new LinkedHashMap<>();
		String trust = upstream.trust();
		if (StringUtils.hasText(trust)) {
			PemFiles.certificates(UpstreamTlsProperties.PREFIX + "trust", trust);
			settings.put(UPSTREAM_BUNDLE + "truststore.certificate", PemFiles.bundleLocation(trust));
		}
		if (upstream.hasClientCertificate()) {
			String certificate = required(upstream.certificate());
			String privateKey = required(upstream.privateKey());
			PemFiles.checkKeyPair(UpstreamTlsProperties.PREFIX + "certificate", certificate,
					UpstreamTlsProperties.PREFIX + "private-key", privateKey, upstream.privateKeyPassword());
			settings.put(UPSTREAM_BUNDLE + "keystore.certificate", PemFiles.bundleLocation(certificate));
			settings.put(UPSTREAM_BUNDLE + "keystore.private-key", PemFiles.bundleLocation(privateKey));
			putIfText(settings, UPSTREAM_BUNDLE + "keystore.private-key-password", upstream.privateKeyPassword());
		}
		if (!settings.isEmpty()) {
			// Without a truststore the bundle trusts what the JVM trusts.
			settings.put(HTTPCLIENT_SSL + "ssl-bundle", UpstreamTlsProperties.BUNDLE);
		}
		if (upstream.insecureTrustAll()) {
			settings.put(HTTPCLIENT_SSL + "use-insecure-trust-manager", "true");
		}
		return settings;
	}

	private static boolean hasManagementSsl(ConfigurableEnvironment environment) {
		return Stream.of("enabled", "bundle", "certificate", "key-store")
			.anyMatch((key) -> environment.containsProperty("management.server.ssl." + key));
	}

	private static String required(@Nullable String value) {
		if (value == null) {
			throw new IllegalStateException("checked by the properties' constructor");
		}
		return value;
	}

	private static void putIfText(Map<String, Object> settings, String key, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			settings.put(key, value);
		}
	}

	@Override
	public int getOrder() {
		// After config data (application.yml, profiles, a config server) has been loaded.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
