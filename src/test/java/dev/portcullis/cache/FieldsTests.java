package dev.portcullis.cache;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Header fields as the cache policy reads them: found by name whatever its case, kept as
 * received for storing; and HTTP-dates: the IMF-fixdate form is read without a formatter,
 * and every answer must be the one {@link DateTimeFormatter#RFC_1123_DATE_TIME} gives.
 */
class FieldsTests {

	private static Instant byFormatter(String value) {
		try {
			return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim()));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	@Test
	void readsTheExampleOfRfc9110() {
		assertThat(Fields.parseDate("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(Instant.parse("1994-11-06T08:49:37Z"));
	}

	@Test
	void readsEveryDayOfFourCenturiesAsTheFormatterDoes() {
		Random random = new Random(42);
		for (LocalDate day = LocalDate.of(1800, 1, 1); day.isBefore(LocalDate.of(2200, 1, 1)); day = day.plusDays(1)) {
			Instant instant = day.atTime(random.nextInt(24), random.nextInt(60), random.nextInt(60))
				.toInstant(ZoneOffset.UTC);
			String value = Fields.formatDate(instant);
			if (value.length() == 29) {
				assertThat(Fields.parseDate(value)).as(value).isEqualTo(instant);
			}
			assertThat(Fields.parseDate(value)).as(value).isEqualTo(byFormatter(value));
		}
	}

	@Test
	void answersAsTheFormatterForEverythingThatIsNotAPlainFixdate() {
		List<String> values = List.of("Mon, 06 Nov 1994 08:49:37 GMT", // wrong day of the
																		// week
				"Sun, 31 Nov 1994 08:49:37 GMT", // no such day
				"Tue, 29 Feb 2028 23:59:59 GMT", "Mon, 29 Feb 2027 00:00:00 GMT", "Sun, 06 nov 1994 08:49:37 GMT",
				"sun, 06 Nov 1994 08:49:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 +0000",
				"Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:37 GMT",
				"Sun, 06 Nov 1994 08:49:60 GMT", "Sun, 06 Xyz 1994 08:49:37 GMT", "Sun, 06 ovD 1994 08:49:37 GMT",
				"Sun, 0a Nov 1994 08:49:37 GMT", "Sun, 06 Nov 19x4 08:49:37 GMT", "Sun, 00 Nov 1994 08:49:37 GMT",
				"Sun, 06 Nov 1994 08-49-37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
				"  Sun, 06 Nov 1994 08:49:37 GMT  ", "Sun, 06 Nov 1994 08:49:37", "", "yesterday");
		for (String value : values) {
			assertThat(Fields.parseDate(value)).as(value).isEqualTo(byFormatter(value));
		}
	}

	@Test
	void findsAFieldWhateverTheCaseOfItsName() {
		Fields fields = Fields.of("Cache-Control", "max-age=60, public", "ETag", "\"v1\"");
		assertThat(fields.all("cache-control")).containsExactly("max-age=60, public");
		assertThat(fields.first("CACHE-CONTROL")).isEqualTo("max-age=60, public");
		assertThat(fields.members("Cache-control")).containsExactly("max-age=60", "public");
		assertThat(fields.has("etag")).isTrue();
		assertThat(fields.has("Vary")).isFalse();
		assertThat(fields.all("Vary")).isEmpty();
		assertThat(fields.first("Vary")).isNull();
		assertThat(fields.joined("Vary")).isNull();
	}

	@Test
	void joinsTheLinesOfNamesThatDifferOnlyInCaseButKeepsThemApartAsReceived() {
		Map<String, List<String>> received = new LinkedHashMap<>();
		received.put("Vary", List.of("Accept"));
		received.put("Date", List.of("Sun, 06 Nov 1994 08:49:37 GMT"));
		received.put("vary", List.of("Accept-Language", "Origin"));
		Fields fields = Fields.of(received);
		assertThat(fields.all("VARY")).containsExactly("Accept", "Accept-Language", "Origin");
		assertThat(fields.joined("vary")).isEqualTo("Accept, Accept-Language, Origin");
		assertThat(fields.asMap()).containsExactly(Map.entry("Vary", List.of("Accept")),
				Map.entry("Date", List.of("Sun, 06 Nov 1994 08:49:37 GMT")),
				Map.entry("vary", List.of("Accept-Language", "Origin")));
		assertThat(fields.date("date")).isEqualTo(Instant.parse("1994-11-06T08:49:37Z"));
	}

	@Test
	void keepsItsOwnCopyThatNobodyCanChange() {
		Map<String, List<String>> received = new LinkedHashMap<>();
		List<String> values = new ArrayList<>(List.of("no-cache"));
		received.put("Pragma", values);
		Fields fields = Fields.of(received);
		values.add("x");
		received.put("Age", List.of("5"));
		assertThat(fields.all("pragma")).containsExactly("no-cache");
		assertThat(fields.has("Age")).isFalse();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> fields.all("Pragma").add("y"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> fields.asMap().put("Age", List.of("5")));
	}

	@Test
	void storesNoHopByHopFieldWhateverTheCaseOfItsName() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("Content-Type", "text/plain");
		headers.add("CONNECTION", "close");
		headers.add("keep-Alive", "timeout=5");
		headers.add("Transfer-Encoding", "chunked");
		headers.add("cache-status", "other; hit");
		headers.add("TE", "trailers");
		headers.add("ETag", "\"v1\"");
		assertThat(ResponseCacheFilter.storedFields(headers)).containsOnlyKeys("Content-Type", "ETag");
	}

}
