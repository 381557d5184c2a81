package dev.portcullis.cache;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Header fields by case-insensitive name, each with its values in the order received; the
 * plain-Java view of headers that the cache policy works on.
 */
final class Fields {

	private static final Fields EMPTY = new Fields(Map.of());

	private final Map<String, List<String>> byLowerName;

	private final Map<String, List<String>> asReceived;

	private Fields(Map<String, ? extends List<String>> headers) {
		Map<String, List<String>> lower = new LinkedHashMap<>();
		Map<String, List<String>> received = new LinkedHashMap<>();
		headers.forEach((name, values) -> {
			List<String> copy = List.copyOf(values);
			lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), (n) -> new ArrayList<>()).addAll(copy);
			received.merge(name, copy, (a, b) -> {
				List<String> both = new ArrayList<>(a);
				both.addAll(b);
				return both;
			});
		});
		this.byLowerName = lower;
		this.asReceived = Collections.unmodifiableMap(received);
	}

	static Fields of(Map<String, ? extends List<String>> headers) {
		return new Fields(headers);
	}

	static Fields empty() {
		return EMPTY;
	}

	/** Builds fields from name, value pairs, for tests and small literals. */
	static Fields of(String... nameValuePairs) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 0; i + 1 < nameValuePairs.length; i += 2) {
			headers.computeIfAbsent(nameValuePairs[i], (n) -> new ArrayList<>()).add(nameValuePairs[i + 1]);
		}
		return new Fields(headers);
	}

	List<String> all(String name) {
		return this.byLowerName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
	}

	@Nullable String first(String name) {
		List<String> values = all(name);
		return values.isEmpty() ? null : values.get(0);
	}

	boolean has(String name) {
		return !all(name).isEmpty();
	}

	/** The comma-separated list members of every line of the field, trimmed. */
	List<String> members(String name) {
		List<String> members = new ArrayList<>();
		for (String value : all(name)) {
			for (String member : value.split(",")) {
				String trimmed = member.trim();
				if (!trimmed.isEmpty()) {
					members.add(trimmed);
				}
			}
		}
		return members;
	}

	/**
	 * The field's value as one line: its lines joined with {@code ", "} (RFC 9110 §5.3),
	 * or {@code null} when absent.
	 */
	@Nullable String joined(String name) {
		List<String> values = all(name);
		return values.isEmpty() ? null : String.join(", ", values);
	}

	/** An HTTP-date (RFC 9110 §5.6.7), or {@code null} when absent or invalid. */
	@Nullable Instant date(String name) {
		String value = first(name);
		return (value != null) ? parseDate(value) : null;
	}

	/** The fields with the names as received, in order. */
	Map<String, List<String>> asMap() {
		return this.asReceived;
	}

	@Override
	public String toString() {
		return this.asReceived.toString();
	}

	static @Nullable Instant parseDate(String value) {
		try {
			return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim()));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	static String formatDate(Instant instant) {
		return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
	}

}
