package dev.portcullis.cache;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Header fields by case-insensitive name, each with its values in the order received; the
 * plain-Java view of headers that the cache policy works on.
 */
final class Fields {

	private static final Fields EMPTY = new Fields(Map.of());

	private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

	private static final List<String> DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

	/**
	 * The same value lists as {@link #asReceived}, found by name without regard to case
	 * (names are tokens, so ASCII): a lookup needs no lower-cased copy of the name.
	 */
	private final Map<String, List<String>> byName;

	private final Map<String, List<String>> asReceived;

	private Fields(Map<String, ? extends List<String>> headers) {
		Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		Map<String, List<String>> received = new LinkedHashMap<>();
		headers.forEach((name, values) -> {
			// The same list for both maps; a copy only for a name sent twice (rare).
			List<String> copy = List.copyOf(values);
			received.merge(name, copy, Fields::concat);
			byName.merge(name, copy, Fields::concat);
		});
		this.byName = byName;
		this.asReceived = Collections.unmodifiableMap(received);
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> both = new ArrayList<>(first.size() + second.size());
		both.addAll(first);
		both.addAll(second);
		return Collections.unmodifiableList(both);
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
		return this.byName.getOrDefault(name, List.of());
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
		String trimmed = value.trim();
		Instant fixdate = parseImfFixdate(trimmed);
		if (fixdate != null) {
			return fixdate;
		}
		try {
			return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(trimmed));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * The IMF-fixdate form that RFC 9110 §5.6.7 requires senders to use,
	 * {@code Sun, 06 Nov 1994 08:49:37 GMT}, read without a formatter: the cache reads an
	 * upstream's {@code Date} on every miss, and {@link DateTimeFormatter} took several
	 * microseconds for it. Anything else, including an IMF-fixdate whose day of the week
	 * does not match its date, is left to the formatter ({@code null}).
	 */
	private static @Nullable Instant parseImfFixdate(String value) {
		if (value.length() != 29 || value.charAt(3) != ',' || value.charAt(4) != ' ' || value.charAt(7) != ' '
				|| value.charAt(11) != ' ' || value.charAt(16) != ' ' || value.charAt(19) != ':'
				|| value.charAt(22) != ':' || !value.endsWith(" GMT")) {
			return null;
		}
		int monthAt = MONTHS.indexOf(value.substring(8, 11));
		int day = digits(value, 5, 2);
		int year = digits(value, 12, 4);
		int hour = digits(value, 17, 2);
		int minute = digits(value, 20, 2);
		int second = digits(value, 23, 2);
		if (monthAt < 0 || monthAt % 3 != 0 || day < 1 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
				|| second < 0 || second > 59) {
			return null;
		}
		LocalDate date;
		try {
			date = LocalDate.of(year, monthAt / 3 + 1, day);
		}
		catch (DateTimeException ex) {
			return null;
		}
		if (!DAYS.get(date.getDayOfWeek().ordinal()).equals(value.substring(0, 3))) {
			return null;
		}
		return date.atTime(hour, minute, second).toInstant(ZoneOffset.UTC);
	}

	/**
	 * The decimal number in {@code length} characters at {@code start}; -1 if not one.
	 */
	private static int digits(String value, int start, int length) {
		int number = 0;
		for (int i = start; i < start + length; i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			number = number * 10 + (c - '0');
		}
		return number;
	}

	static String formatDate(Instant instant) {
		return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
	}

}
