package dev.portcullis.cache;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.portcullis.cache.CachePolicy.Settings;
import dev.portcullis.cache.CachePolicy.Storability;
import dev.portcullis.cache.CachePolicy.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CachePolicyTests {

	private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

	private static final Settings SETTINGS = new Settings(0.1, Duration.ofHours(24), false, Duration.ofMinutes(10));

	private static CachePolicy policyAt(Instant now) {
		return new CachePolicy(Clock.fixed(now, ZoneOffset.UTC), SETTINGS);
	}

	private static final CachePolicy POLICY = policyAt(T0);

	/** Splits {@code "Name: value; Name: value"} into fields. */
	private static Fields fields(String spec) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		if (spec != null && !spec.isBlank()) {
			for (String field : spec.split(";")) {
				int colon = field.indexOf(':');
				headers.computeIfAbsent(field.substring(0, colon).trim(), (n) -> new ArrayList<>())
					.add(field.substring(colon + 1).trim());
			}
		}
		return Fields.of(headers);
	}

	private static StoredResponse entry(int status, String headers, Instant requestTime, Instant responseTime) {
		return new StoredResponse("r", status, fields(headers).asMap(), Map.of(), requestTime, responseTime,
				new byte[0]);
	}

	private static String date(Instant instant) {
		return Fields.formatDate(instant);
	}

	@ParameterizedTest(name = "{0} {1} [{2}] -> {4}")
	@CsvSource(delimiter = '|', nullValues = "-",
			textBlock = """
					GET  | 200 | -                            | Cache-Control: max-age=60                          | STORABLE
					HEAD | 200 | -                            | Cache-Control: max-age=60                          | METHOD
					POST | 200 | -                            | Cache-Control: max-age=60                          | METHOD
					GET  | 206 | -                            | Cache-Control: max-age=60                          | STATUS
					GET  | 304 | -                            | Cache-Control: max-age=60                          | STATUS
					GET  | 101 | -                            | Cache-Control: max-age=60                          | STATUS
					GET  | 200 | -                            | Cache-Control: no-store, max-age=60                | NO_STORE
					GET  | 200 | Cache-Control: no-store      | Cache-Control: max-age=60                          | NO_STORE
					GET  | 200 | -                            | Cache-Control: private, max-age=60                 | PRIVATE
					GET  | 200 | -                            | Cache-Control: private="X-A", max-age=60           | PRIVATE
					GET  | 200 | Authorization: Basic x       | Cache-Control: max-age=60                          | AUTHORIZATION
					GET  | 200 | Authorization: Basic x       | Cache-Control: public, max-age=60                  | STORABLE
					GET  | 200 | Authorization: Basic x       | Cache-Control: s-maxage=60                         | STORABLE
					GET  | 200 | Authorization: Basic x       | Cache-Control: must-revalidate, max-age=60         | STORABLE
					GET  | 200 | -                            | Cache-Control: max-age=60; Set-Cookie: a=b         | SET_COOKIE
					GET  | 200 | -                            | Cache-Control: max-age=60; Vary: *                 | VARY_STAR
					GET  | 200 | -                            | Cache-Control: max-age=60; Vary: Accept, *         | VARY_STAR
					GET  | 200 | -                            | -                                                  | STORABLE
					GET  | 404 | -                            | -                                                  | STORABLE
					GET  | 500 | -                            | -                                                  | NOT_CACHEABLE
					GET  | 302 | -                            | -                                                  | NOT_CACHEABLE
					GET  | 302 | -                            | Cache-Control: max-age=60                          | STORABLE
					GET  | 500 | -                            | Expires: Thu, 01 Jan 2026 13:00:00 GMT             | STORABLE
					GET  | 201 | -                            | Cache-Control: public                              | STORABLE
					GET  | 200 | Pragma: no-store             | Cache-Control: max-age=60                          | STORABLE
					GET  | 200 | Cache-Control: unknown-thing | Cache-Control: max-age=60, ext=1                   | STORABLE
					""")
	void decidesWhatASharedCacheMayStore(String method, int status, String request, String response,
			Storability expected) {
		assertThat(POLICY.storability(method, fields(request), status, fields(response))).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			STORABLE      | false
			METHOD        | false
			STATUS        | false
			AUTHORIZATION | false
			NO_STORE      | true
			PRIVATE       | true
			SET_COOKIE    | true
			VARY_STAR     | true
			NOT_CACHEABLE | true
			""")
	void saysWhichReasonsNotToStoreComeFromTheResponse(Storability storability, boolean theResponses) {
		assertThat(storability.isTheResponses()).isEqualTo(theResponses);
		assertThat(Storability.values()).hasSize(9);
	}

	@Test
	void storesSetCookieResponsesWhenConfigured() {
		CachePolicy policy = new CachePolicy(Clock.fixed(T0, ZoneOffset.UTC),
				new Settings(0.1, Duration.ofHours(24), true, Duration.ZERO));
		assertThat(policy.storability("GET", Fields.empty(), 200, fields("Cache-Control: max-age=1; Set-Cookie: a=b")))
			.isEqualTo(Storability.STORABLE);
	}

	@ParameterizedTest(name = "{1} -> {2}s")
	@CsvSource(delimiter = '|', textBlock = """
			200 | Cache-Control: s-maxage=30, max-age=60                                                        | 30
			200 | Cache-Control: max-age=60; Expires: Thu, 01 Jan 2026 14:00:00 GMT                             | 60
			200 | Expires: Thu, 01 Jan 2026 12:10:00 GMT; Date: Thu, 01 Jan 2026 12:00:00 GMT                   | 600
			200 | Expires: Thu, 01 Jan 2026 11:00:00 GMT; Date: Thu, 01 Jan 2026 12:00:00 GMT                   | 0
			200 | Expires: 0; Date: Thu, 01 Jan 2026 12:00:00 GMT                                               | 0
			200 | Expires: Thu, 01 Jan 2026 12:05:00 GMT                                                        | 300
			200 | Last-Modified: Thu, 01 Jan 2026 02:00:00 GMT; Date: Thu, 01 Jan 2026 12:00:00 GMT             | 3600
			200 | Last-Modified: Wed, 01 Jan 2020 00:00:00 GMT; Date: Thu, 01 Jan 2026 12:00:00 GMT             | 86400
			500 | Last-Modified: Thu, 01 Jan 2026 02:00:00 GMT; Date: Thu, 01 Jan 2026 12:00:00 GMT             | 0
			200 | Last-Modified: Thu, 01 Jan 2026 13:00:00 GMT; Date: Thu, 01 Jan 2026 12:00:00 GMT             | 0
			200 | Cache-Control: public                                                                         | 0
			200 | Cache-Control: max-age=bogus                                                                  | 0
			""")
	void computesFreshnessLifetimeInRfcOrder(int status, String headers, long seconds) {
		assertThat(POLICY.freshnessLifetime(status, fields(headers), T0)).isEqualTo(Duration.ofSeconds(seconds));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					no Date no Age, resident 10s                        | -                                     | 0  | 0 | 10 | 10
					Age header adds to the age                          | Age: 30                               | 0  | 0 | 10 | 40
					response delay is added to Age                      | Age: 30                               | 0  | 2 | 12 | 42
					apparent age from a Date in the past                | Date: Thu, 01 Jan 2026 11:59:00 GMT   | 0  | 0 | 0  | 60
					larger of apparent and corrected age wins           | Date: Thu, 01 Jan 2026 11:59:00 GMT;Age: 100 | 0 | 0 | 0 | 100
					a Date in the future counts nothing                 | Date: Thu, 01 Jan 2026 13:00:00 GMT   | 0  | 0 | 5  | 5
					an invalid Age counts nothing                       | Age: soon                             | 0  | 0 | 5  | 5
					""")
	void computesAgeAsRfc9111Section423(String name, String headers, int requestSecond, int responseSecond,
			int nowSecond, long expectedAge) {
		Instant request = T0.plusSeconds(requestSecond);
		Instant response = T0.plusSeconds(responseSecond);
		StoredResponse stored = entry(200, headers.equals("-") ? "" : headers, request, response);
		assertThat(POLICY.currentAge(stored, T0.plusSeconds(nowSecond))).isEqualTo(Duration.ofSeconds(expectedAge));
	}

	@ParameterizedTest(name = "[{0}] after {2}s of [{1}] -> {3}")
	@CsvSource(delimiter = '|', nullValues = "-",
			textBlock = """
					-                                   | Cache-Control: max-age=60                              | 10  | FRESH
					-                                   | Cache-Control: max-age=60                              | 60  | REVALIDATE
					-                                   | Cache-Control: max-age=60                              | 70  | REVALIDATE
					-                                   | Cache-Control: no-cache, max-age=60                    | 10  | REVALIDATE
					-                                   | Cache-Control: no-cache="Set-Cookie", max-age=60       | 10  | REVALIDATE
					Cache-Control: no-cache             | Cache-Control: max-age=60                              | 10  | REVALIDATE
					Pragma: no-cache                    | Cache-Control: max-age=60                              | 10  | REVALIDATE
					Pragma: no-cache;Cache-Control: max-stale | Cache-Control: max-age=60                        | 10  | FRESH
					Pragma: x-other                     | Cache-Control: max-age=60                              | 10  | FRESH
					Cache-Control: max-age=5            | Cache-Control: max-age=60                              | 10  | REVALIDATE
					Cache-Control: max-age=10           | Cache-Control: max-age=60                              | 10  | FRESH
					Cache-Control: min-fresh=30         | Cache-Control: max-age=60                              | 40  | REVALIDATE
					Cache-Control: min-fresh=30         | Cache-Control: max-age=60                              | 20  | FRESH
					Cache-Control: max-stale            | Cache-Control: max-age=60                              | 500 | STALE_ALLOWED
					Cache-Control: max-stale=30         | Cache-Control: max-age=60                              | 80  | STALE_ALLOWED
					Cache-Control: max-stale=30         | Cache-Control: max-age=60                              | 100 | REVALIDATE
					Cache-Control: max-stale            | Cache-Control: max-age=60, must-revalidate             | 70  | REVALIDATE
					Cache-Control: max-stale            | Cache-Control: max-age=60, proxy-revalidate            | 70  | REVALIDATE
					Cache-Control: max-stale            | Cache-Control: s-maxage=60                             | 70  | REVALIDATE
					-                                   | Cache-Control: max-age=60, stale-while-revalidate=30   | 80  | STALE_WHILE_REVALIDATE
					-                                   | Cache-Control: max-age=60, stale-while-revalidate=30   | 100 | REVALIDATE
					-                                   | Cache-Control: max-age=60, stale-while-revalidate=30, must-revalidate | 80 | REVALIDATE
					Cache-Control: unknown, foo=bar     | Cache-Control: max-age=60                              | 10  | FRESH
					Cache-Control: only-if-cached       | Cache-Control: max-age=60                              | 10  | FRESH
					Cache-Control: no-store             | Cache-Control: max-age=60                              | 10  | FRESH
					""")
	void decidesWhetherAStoredResponseMayBeServed(String request, String response, int ageSeconds, Verdict expected) {
		StoredResponse stored = entry(200, response, T0, T0);
		assertThat(policyAt(T0.plusSeconds(ageSeconds)).evaluate(fields(request), stored).verdict())
			.isEqualTo(expected);
	}

	@Test
	void reportsAgeAndRemainingFreshness() {
		StoredResponse stored = entry(200, "Cache-Control: max-age=60", T0, T0);
		CachePolicy.Lookup lookup = policyAt(T0.plusSeconds(15)).evaluate(Fields.empty(), stored);
		assertThat(lookup.age()).isEqualTo(Duration.ofSeconds(15));
		assertThat(lookup.ttl()).isEqualTo(Duration.ofSeconds(45));
	}

	@ParameterizedTest(name = "[{0}] after {1}s, route window {2}s -> {3}")
	@CsvSource(delimiter = '|', nullValues = "-",
			textBlock = """
					Cache-Control: max-age=60, stale-if-error=30                   | 80  | 0  | -                         | true
					Cache-Control: max-age=60, stale-if-error=30                   | 100 | 0  | -                         | false
					Cache-Control: max-age=60                                      | 100 | 60 | -                         | true
					Cache-Control: max-age=60                                      | 100 | 0  | -                         | false
					Cache-Control: max-age=60                                      | 100 | 0  | Cache-Control: stale-if-error=60 | true
					Cache-Control: max-age=60, stale-if-error=30, must-revalidate  | 70  | 60 | -                         | false
					Cache-Control: s-maxage=60, stale-if-error=30                  | 70  | 60 | -                         | false
					Cache-Control: no-cache, stale-if-error=30                     | 10  | 60 | -                         | false
					""")
	void servesStaleOnErrorOnlyWithinAWindowAndWhenAllowed(String response, int ageSeconds, int routeWindow,
			String request, boolean expected) {
		StoredResponse stored = entry(200, response, T0, T0);
		assertThat(policyAt(T0.plusSeconds(ageSeconds)).mayServeStaleOnError(fields(request), stored,
				Duration.ofSeconds(routeWindow)))
			.isEqualTo(expected);
	}

	@ParameterizedTest(name = "[{0}] route window {1}s -> kept {2}s")
	@CsvSource(delimiter = '|', textBlock = """
			Cache-Control: max-age=60                                             | 0  | 60
			Cache-Control: max-age=60, stale-while-revalidate=30, stale-if-error=90 | 0 | 150
			Cache-Control: max-age=60                                             | 40 | 100
			Cache-Control: max-age=60, must-revalidate, stale-if-error=90         | 40 | 60
			Cache-Control: max-age=60; ETag: "a"                                  | 0  | 660
			Cache-Control: no-cache; ETag: "a"                                    | 0  | 600
			Cache-Control: max-age=60; Age: 50                                    | 0  | 10
			Cache-Control: no-cache                                               | 0  | 0
			""")
	void keepsEntriesWhileTheyCanStillBeServed(String response, int routeWindow, long keptSeconds) {
		StoredResponse stored = entry(200, response, T0, T0);
		assertThat(POLICY.retention(stored, Duration.ofSeconds(routeWindow)))
			.isEqualTo(Duration.ofSeconds(keptSeconds));
	}

	@Test
	void selectsVariantsByTheRequestValuesVaryNames() {
		Fields response = fields("Vary: Accept-Language, accept");
		Map<String, String> selection = CachePolicy.varySelection(response,
				fields("Accept-Language: de;Accept: text/html,  application/json"));
		assertThat(selection).containsExactly(Map.entry("accept-language", "de"),
				Map.entry("accept", "text/html,application/json"));
		StoredResponse stored = new StoredResponse("r", 200, response.asMap(), selection, T0, T0, new byte[0]);
		assertThat(CachePolicy.matchesVary(stored, fields("accept-language: de;ACCEPT: text/html, application/json")))
			.isTrue();
		assertThat(CachePolicy.matchesVary(stored, fields("Accept-Language: fr;Accept: text/html,application/json")))
			.isFalse();
		assertThat(CachePolicy.matchesVary(stored, fields("Accept: text/html,application/json"))).isFalse();
	}

	@Test
	void anAbsentVariedFieldMatchesOnlyAnAbsentOne() {
		Fields response = fields("Vary: Accept-Language");
		StoredResponse stored = new StoredResponse("r", 200, response.asMap(),
				CachePolicy.varySelection(response, Fields.empty()), T0, T0, new byte[0]);
		assertThat(CachePolicy.matchesVary(stored, Fields.empty())).isTrue();
		assertThat(CachePolicy.matchesVary(stored, fields("Accept-Language: en"))).isFalse();
	}

	@Test
	void varyStarNeverMatchesAndContentEncodingVariesOnAcceptEncoding() {
		StoredResponse star = entry(200, "Vary: *", T0, T0);
		assertThat(CachePolicy.matchesVary(star, Fields.empty())).isFalse();
		assertThat(CachePolicy.varyNames(fields("Content-Encoding: gzip"))).containsExactly("accept-encoding");
		assertThat(CachePolicy.varyNames(fields("Content-Encoding: identity"))).isEmpty();
	}

	@ParameterizedTest(name = "[{0}] vs [{1}] -> {2}")
	@CsvSource(delimiter = '|', nullValues = "-",
			textBlock = """
					If-None-Match: "a"                                   | ETag: "a"                                   | true
					If-None-Match: W/"a"                                 | ETag: "a"                                   | true
					If-None-Match: "b", "a"                              | ETag: W/"a"                                 | true
					If-None-Match: "b"                                   | ETag: "a"                                   | false
					If-None-Match: *                                     | ETag: "a"                                   | true
					If-None-Match: "b"                                   | ETag: "a";Last-Modified: Thu, 01 Jan 2026 10:00:00 GMT | false
					If-Modified-Since: Thu, 01 Jan 2026 11:00:00 GMT     | Last-Modified: Thu, 01 Jan 2026 10:00:00 GMT | true
					If-Modified-Since: Thu, 01 Jan 2026 10:00:00 GMT     | Last-Modified: Thu, 01 Jan 2026 10:00:00 GMT | true
					If-Modified-Since: Thu, 01 Jan 2026 09:00:00 GMT     | Last-Modified: Thu, 01 Jan 2026 10:00:00 GMT | false
					If-Modified-Since: garbage                           | Last-Modified: Thu, 01 Jan 2026 10:00:00 GMT | false
					-                                                    | ETag: "a"                                   | false
					""")
	void answersClientConditionalsFromTheStoredValidators(String request, String stored, boolean notModified) {
		assertThat(CachePolicy.isNotModified(fields(request), entry(200, stored, T0, T0))).isEqualTo(notModified);
	}

	@Test
	void buildsRevalidationConditionsFromTheStoredValidators() {
		StoredResponse stored = entry(200, "ETag: \"v1\";Last-Modified: Thu, 01 Jan 2026 10:00:00 GMT", T0, T0);
		assertThat(CachePolicy.validators(stored)).containsExactly(Map.entry("If-None-Match", "\"v1\""),
				Map.entry("If-Modified-Since", "Thu, 01 Jan 2026 10:00:00 GMT"));
		assertThat(CachePolicy.validators(entry(200, "Cache-Control: max-age=1", T0, T0))).isEmpty();
	}

	@Test
	void refreshesStoredFieldsFromA304ButKeepsTheBodyAndContentLength() {
		StoredResponse stored = new StoredResponse("r", 200,
				fields("Cache-Control: max-age=1;ETag: \"v1\";Content-Length: 5;X-Old: 1").asMap(), Map.of(), T0, T0,
				"hello".getBytes());
		StoredResponse refreshed = CachePolicy.refresh(stored,
				fields("cache-control: max-age=60;Content-Length: 0;X-New: 2"), T0.plusSeconds(5), T0.plusSeconds(6));
		Fields fields = refreshed.fields();
		assertThat(fields.all("Cache-Control")).containsExactly("max-age=60");
		assertThat(fields.all("Content-Length")).containsExactly("5");
		assertThat(fields.first("X-Old")).isEqualTo("1");
		assertThat(fields.first("X-New")).isEqualTo("2");
		assertThat(refreshed.body()).isEqualTo("hello".getBytes());
		assertThat(refreshed.responseTime()).isEqualTo(T0.plusSeconds(6));
	}

	@Test
	void notModifiedAnswersCarryOnlyTheFieldsRfc9110Lists() {
		StoredResponse stored = entry(200,
				"ETag: \"a\";Cache-Control: max-age=5;Content-Type: text/plain;Date: " + date(T0) + ";Vary: Accept", T0,
				T0);
		assertThat(CachePolicy.notModifiedFields(stored)).containsOnlyKeys("ETag", "Cache-Control", "Date", "Vary");
	}

	@ParameterizedTest(name = "{0} {1} -> {3}")
	@CsvSource(delimiter = '|', nullValues = "-",
			textBlock = """
					POST   | 201 | Location: /items/7                                      | http://shop/items,http://shop/items/7
					PUT    | 204 | Content-Location: http://shop/items/8                   | http://shop/items,http://shop/items/8
					DELETE | 200 | Location: http://elsewhere/items/7                      | http://shop/items
					PATCH  | 302 | -                                                       | http://shop/items
					POST   | 500 | Location: /items/7                                      | -
					POST   | 404 | -                                                       | -
					GET    | 200 | Location: /items/7                                      | -
					HEAD   | 200 | -                                                       | -
					OPTIONS| 200 | -                                                       | -
					""")
	void invalidatesTargetAndSameHostLocationsAfterASuccessfulUnsafeRequest(String method, int status, String response,
			String expected) {
		List<String> expectedKeys = (expected != null) ? List.of(expected.split(",")) : List.of();
		assertThat(CachePolicy.invalidations(method, status, URI.create("http://shop/items"), fields(response)))
			.containsExactlyElementsOf(expectedKeys);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			http://Shop.Example:8080/a/b?x=1&y=2 | http://shop.example:8080/a/b?x=1&y=2
			HTTP://shop/                         | http://shop/
			http://shop                          | http://shop/
			http://shop/a%20b?q=%2F              | http://shop/a%20b?q=%2F
			""")
	void keysBySchemeHostPathAndQueryAsSent(String uri, String key) {
		assertThat(CacheKey.of(URI.create(uri))).isEqualTo(key);
	}

	@Test
	void onlyGetAndHeadAreServedFromCache() {
		assertThat(CachePolicy.isServableMethod("GET")).isTrue();
		assertThat(CachePolicy.isServableMethod("HEAD")).isTrue();
		assertThat(CachePolicy.isServableMethod("POST")).isFalse();
		assertThat(CachePolicy.isServableMethod("OPTIONS")).isFalse();
	}

	@Test
	void onlyIfCachedAndNoStoreAreReadFromTheRequest() {
		assertThat(CachePolicy.isOnlyIfCached(fields("Cache-Control: only-if-cached"))).isTrue();
		assertThat(CachePolicy.isOnlyIfCached(Fields.empty())).isFalse();
		assertThat(CachePolicy.forbidsStoring(fields("Cache-Control: no-store"))).isTrue();
		assertThat(CachePolicy.forbidsStoring(fields("Pragma: no-store"))).isFalse();
	}

}
