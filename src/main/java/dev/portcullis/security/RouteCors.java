package dev.portcullis.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Reads a route's {@code cors} metadata into a {@link CorsConfiguration}:
 * {@code allowed-origins}, {@code allowed-origin-patterns}, {@code allowed-methods},
 * {@code allowed-headers}, {@code exposed-headers}, {@code allow-credentials} and
 * {@code max-age}. Lists may be YAML lists or comma-separated text.
 */
final class RouteCors {

	/** The metadata key of a route's CORS policy. */
	static final String METADATA_KEY = "cors";

	private static final Set<String> KEYS = Set.of("allowed-origins", "allowed-origin-patterns", "allowed-methods",
			"allowed-headers", "exposed-headers", "allow-credentials", "max-age");

	private RouteCors() {
	}

	/**
	 * The route's CORS policy, or {@code null} when its metadata has none.
	 * @throws IllegalArgumentException naming the metadata key that is wrong
	 */
	static @Nullable CorsConfiguration of(Map<String, Object> metadata) {
		Object value = metadata.get(METADATA_KEY);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?> cors)) {
			throw new IllegalArgumentException("metadata cors must be a map with allowed-origins and the like");
		}
		for (Object key : cors.keySet()) {
			if (!KEYS.contains(String.valueOf(key))) {
				throw new IllegalArgumentException("metadata cors." + key + " is not a CORS setting; use one of "
						+ KEYS.stream().sorted().toList());
			}
		}
		CorsConfiguration config = new CorsConfiguration();
		config.setAllowedOrigins(list(cors.get("allowed-origins")));
		config.setAllowedOriginPatterns(list(cors.get("allowed-origin-patterns")));
		config.setAllowedMethods(upperCase(list(cors.get("allowed-methods"))));
		config.setAllowedHeaders(list(cors.get("allowed-headers")));
		config.setExposedHeaders(list(cors.get("exposed-headers")));
		Object credentials = cors.get("allow-credentials");
		if (credentials != null) {
			String text = credentials.toString().trim();
			if (!text.equals("true") && !text.equals("false")) {
				throw new IllegalArgumentException("metadata cors.allow-credentials must be true or false");
			}
			config.setAllowCredentials(Boolean.parseBoolean(text));
		}
		Object maxAge = cors.get("max-age");
		if (maxAge != null) {
			config.setMaxAge(seconds(maxAge));
		}
		if (config.getAllowedOrigins() == null && config.getAllowedOriginPatterns() == null) {
			throw new IllegalArgumentException("metadata cors needs allowed-origins or allowed-origin-patterns");
		}
		// Throws, saying why, for credentials with the "*" origin.
		config.validateAllowCredentials();
		return config;
	}

	private static long seconds(Object maxAge) {
		String text = maxAge.toString().trim();
		try {
			Duration duration = text.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(text))
					: DurationStyle.detectAndParse(text);
			if (duration.isNegative()) {
				throw new IllegalArgumentException("negative");
			}
			return duration.toSeconds();
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(
					"metadata cors.max-age '" + text + "' is not a duration such as 3600 or 1h");
		}
	}

	/** A YAML list, the index map Spring binds a list into, or comma-separated text. */
	private static @Nullable List<String> list(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		Collection<?> items = (value instanceof Map<?, ?> indexed) ? inIndexOrder(indexed)
				: (value instanceof Collection<?> collection) ? collection : List.of(value.toString().split(","));
		List<String> list = new ArrayList<>();
		for (Object item : items) {
			String text = String.valueOf(item).trim();
			if (!text.isEmpty()) {
				list.add(text);
			}
		}
		return list;
	}

	/** The values of a {@code 0, 1, ...} index map, in index order. */
	private static Collection<?> inIndexOrder(Map<?, ?> indexed) {
		Map<Integer, Object> sorted = new TreeMap<>();
		for (Map.Entry<?, ?> entry : indexed.entrySet()) {
			String key = String.valueOf(entry.getKey());
			if (!key.chars().allMatch(Character::isDigit) || key.isEmpty() || key.length() > 6) {
				throw new IllegalArgumentException("metadata cors: '" + key + "' is not a list index");
			}
			sorted.put(Integer.parseInt(key), entry.getValue());
		}
		return sorted.values();
	}

	private static @Nullable List<String> upperCase(@Nullable List<String> methods) {
		return (methods != null) ? methods.stream().map((method) -> method.toUpperCase(Locale.ROOT)).toList() : null;
	}

}
