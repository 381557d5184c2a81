package dev.portcullis.cache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The directives of a {@code Cache-Control} field (RFC 9111 §5.2): names are
 * case-insensitive, values may be tokens or quoted strings, and unknown directives are
 * kept but mean nothing. When a directive appears more than once, the first occurrence
 * counts, except that of two delta-seconds values the more restrictive one wins (§4.2.1).
 */
final class CacheControl {

	/** RFC 9111 §1.2.2: the value to use for a delta-seconds that overflows. */
	static final long MAX_DELTA_SECONDS = 2147483648L;

	private final Map<String, Optional<String>> directives;

	private CacheControl(Map<String, Optional<String>> directives) {
		this.directives = directives;
	}

	static CacheControl parse(List<String> lines) {
		Map<String, Optional<String>> directives = new LinkedHashMap<>();
		for (String line : lines) {
			parseLine(line, directives);
		}
		return new CacheControl(directives);
	}

	static CacheControl of(Fields fields) {
		return parse(fields.all("Cache-Control"));
	}

	private static void parseLine(String line, Map<String, Optional<String>> directives) {
		int i = 0;
		int length = line.length();
		while (i < length) {
			int nameStart = i;
			while (i < length && line.charAt(i) != '=' && line.charAt(i) != ',') {
				i++;
			}
			String name = line.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
			String value = null;
			if (i < length && line.charAt(i) == '=') {
				i++;
				while (i < length && line.charAt(i) == ' ') {
					i++;
				}
				if (i < length && line.charAt(i) == '"') {
					StringBuilder quoted = new StringBuilder();
					i++;
					while (i < length && line.charAt(i) != '"') {
						if (line.charAt(i) == '\\' && i + 1 < length) {
							i++;
						}
						quoted.append(line.charAt(i++));
					}
					i++;
					value = quoted.toString();
					while (i < length && line.charAt(i) != ',') {
						i++;
					}
				}
				else {
					int valueStart = i;
					while (i < length && line.charAt(i) != ',') {
						i++;
					}
					value = line.substring(valueStart, i).trim();
				}
			}
			i++;
			if (!name.isEmpty()) {
				add(directives, name, value);
			}
		}
	}

	private static void add(Map<String, Optional<String>> directives, String name, @Nullable String value) {
		Optional<String> existing = directives.get(name);
		if (existing == null) {
			directives.put(name, Optional.ofNullable(value));
			return;
		}
		Long before = deltaSeconds(existing.orElse(null));
		Long now = deltaSeconds(value);
		if (before != null && now != null) {
			boolean larger = "min-fresh".equals(name);
			boolean replace = larger ? now > before : now < before;
			if (replace) {
				directives.put(name, Optional.of(String.valueOf(now)));
			}
		}
	}

	boolean has(String name) {
		return this.directives.containsKey(name);
	}

	/** The directive's argument, or {@code null} when absent or given without one. */
	@Nullable String argument(String name) {
		Optional<String> value = this.directives.get(name);
		return (value != null) ? value.orElse(null) : null;
	}

	/**
	 * A delta-seconds argument: {@code null} when the directive is absent, {@code 0} when
	 * its argument is missing or invalid (the response is then treated as stale, RFC 9111
	 * §4.2.1), capped at {@link #MAX_DELTA_SECONDS}.
	 */
	@Nullable Long seconds(String name) {
		if (!has(name)) {
			return null;
		}
		Long seconds = deltaSeconds(argument(name));
		return (seconds != null) ? seconds : 0L;
	}

	private static @Nullable Long deltaSeconds(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) < '0' || value.charAt(i) > '9') {
				return null;
			}
		}
		if (value.length() > 10) {
			return MAX_DELTA_SECONDS;
		}
		return Math.min(Long.parseLong(value), MAX_DELTA_SECONDS);
	}

	@Override
	public String toString() {
		return this.directives.toString();
	}

}
