package dev.portcullis.cache;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What a shared cache may store, serve, revalidate and invalidate, by RFC 9111 (HTTP
 * Caching) and RFC 9110: plain functions of header fields and a clock, with no framework
 * types, so every rule is unit-tested on its own.
 */
final class CachePolicy {

	/** RFC 9110 §15.1: statuses whose responses may be given heuristic freshness. */
	static final Set<Integer> HEURISTICALLY_CACHEABLE = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414,
			501);

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	/** RFC 9110 §15.4.5: the fields a 304 carries over from the stored response. */
	private static final List<String> NOT_MODIFIED_FIELDS = List.of("Cache-Control", "Content-Location", "Date", "ETag",
			"Expires", "Vary");

	private final Clock clock;

	private final Settings settings;

	CachePolicy(Clock clock, Settings settings) {
		this.clock = clock;
		this.settings = settings;
	}

	Instant now() {
		return this.clock.instant();
	}

	Settings settings() {
		return this.settings;
	}

	/** Only GET and HEAD are answered from the cache (a HEAD from a stored GET). */
	static boolean isServableMethod(String method) {
		return "GET".equals(method) || "HEAD".equals(method);
	}

	/** RFC 9111 §3: whether a response to this request may be stored, and if not why. */
	Storability storability(String method, Fields request, int status, Fields response) {
		if (!"GET".equals(method)) {
			return Storability.METHOD;
		}
		if (status < 200 || status == 206 || status == 304) {
			return Storability.STATUS;
		}
		CacheControl requestDirectives = CacheControl.of(request);
		CacheControl directives = CacheControl.of(response);
		if (requestDirectives.has("no-store") || directives.has("no-store")) {
			return Storability.NO_STORE;
		}
		if (directives.has("private")) {
			return Storability.PRIVATE;
		}
		// RFC 9111 §3.5: only these directives let a shared cache store an authorized
		// answer
		if (request.has("Authorization") && !directives.has("public") && !directives.has("s-maxage")
				&& !directives.has("must-revalidate")) {
			return Storability.AUTHORIZATION;
		}
		if (response.has("Set-Cookie") && !this.settings.storeSetCookie()) {
			return Storability.SET_COOKIE;
		}
		if (varyNames(response).contains("*")) {
			return Storability.VARY_STAR;
		}
		boolean explicit = directives.has("public") || directives.has("s-maxage") || directives.has("max-age")
				|| response.has("Expires");
		if (!explicit && !HEURISTICALLY_CACHEABLE.contains(status)) {
			return Storability.NOT_CACHEABLE;
		}
		return Storability.STORABLE;
	}

	/** RFC 9111 §4.2.1: how long the response is fresh for, from the time it was sent. */
	Duration freshnessLifetime(int status, Fields response, Instant responseTime) {
		CacheControl directives = CacheControl.of(response);
		Long sharedMaxAge = directives.seconds("s-maxage");
		if (sharedMaxAge != null) {
			return Duration.ofSeconds(sharedMaxAge);
		}
		Long maxAge = directives.seconds("max-age");
		if (maxAge != null) {
			return Duration.ofSeconds(maxAge);
		}
		Instant date = dateValue(response, responseTime);
		if (response.has("Expires")) {
			// an invalid Expires, such as "0", means already expired (RFC 9111 §5.3)
			Instant expires = response.date("Expires");
			return (expires != null) ? positive(Duration.between(date, expires)) : Duration.ZERO;
		}
		Instant lastModified = response.date("Last-Modified");
		if (lastModified != null && (HEURISTICALLY_CACHEABLE.contains(status) || directives.has("public"))) {
			// RFC 9111 §4.2.2: a fraction of the time since the last modification, capped
			Duration sinceModified = positive(Duration.between(lastModified, date));
			Duration heuristic = Duration
				.ofMillis((long) (sinceModified.toMillis() * this.settings.heuristicFraction()));
			return min(heuristic, this.settings.heuristicMax());
		}
		return Duration.ZERO;
	}

	Duration freshnessLifetime(StoredResponse entry) {
		return freshnessLifetime(entry.status(), entry.fields(), entry.responseTime());
	}

	/** RFC 9111 §4.2.3: the age of a stored response now. */
	Duration currentAge(StoredResponse entry, Instant now) {
		Fields fields = entry.fields();
		Duration apparentAge = positive(
				Duration.between(dateValue(fields, entry.responseTime()), entry.responseTime()));
		Duration responseDelay = positive(Duration.between(entry.requestTime(), entry.responseTime()));
		Duration correctedAgeValue = ageValue(fields).plus(responseDelay);
		Duration correctedInitialAge = max(apparentAge, correctedAgeValue);
		Duration residentTime = positive(Duration.between(entry.responseTime(), now));
		return correctedInitialAge.plus(residentTime);
	}

	/**
	 * Whether a stored response may answer this request now, must be revalidated first,
	 * or may be served stale (RFC 9111 §4.2, §5.2.1, RFC 5861).
	 */
	Lookup evaluate(Fields request, StoredResponse entry) {
		Instant now = now();
		CacheControl asked = requestDirectives(request);
		CacheControl directives = CacheControl.of(entry.fields());
		Duration age = currentAge(entry, now);
		Duration lifetime = freshnessLifetime(entry);
		Duration ttl = lifetime.minus(age);
		if (asked.has("no-cache") || directives.has("no-cache")) {
			return new Lookup(Verdict.REVALIDATE, age, ttl);
		}
		Long maxAge = asked.seconds("max-age");
		Long minFresh = asked.seconds("min-fresh");
		boolean youngEnough = maxAge == null || age.compareTo(Duration.ofSeconds(maxAge)) <= 0;
		boolean freshEnough = minFresh == null || ttl.compareTo(Duration.ofSeconds(minFresh)) >= 0;
		boolean fresh = !ttl.isNegative() && !ttl.isZero();
		if (fresh) {
			return new Lookup((youngEnough && freshEnough) ? Verdict.FRESH : Verdict.REVALIDATE, age, ttl);
		}
		Duration staleness = ttl.negated();
		if (mayServeStale(directives) && youngEnough && freshEnough) {
			if (asked.has("max-stale")) {
				Long maxStale = asked.seconds("max-stale");
				if (asked.argument("max-stale") == null || maxStale == null
						|| staleness.compareTo(Duration.ofSeconds(maxStale)) <= 0) {
					return new Lookup(Verdict.STALE_ALLOWED, age, ttl);
				}
			}
			Long whileRevalidate = directives.seconds("stale-while-revalidate");
			if (whileRevalidate != null && staleness.compareTo(Duration.ofSeconds(whileRevalidate)) <= 0) {
				return new Lookup(Verdict.STALE_WHILE_REVALIDATE, age, ttl);
			}
		}
		return new Lookup(Verdict.REVALIDATE, age, ttl);
	}

	/**
	 * RFC 5861 §4: whether a stored response may stand in for an upstream error, within
	 * the response's own {@code stale-if-error}, the request's, or the route's default
	 * window, whichever is longest.
	 */
	boolean mayServeStaleOnError(Fields request, StoredResponse entry, Duration routeWindow) {
		CacheControl directives = CacheControl.of(entry.fields());
		if (!mayServeStale(directives)) {
			return false;
		}
		Duration window = max(routeWindow, max(seconds(directives.seconds("stale-if-error")),
				seconds(requestDirectives(request).seconds("stale-if-error"))));
		Duration staleness = currentAge(entry, now()).minus(freshnessLifetime(entry));
		return staleness.compareTo(window) <= 0;
	}

	/**
	 * How long to keep a stored response: while it is fresh plus its longest stale
	 * window, and, when it has validators, long enough to be revalidated.
	 */
	Duration retention(StoredResponse entry, Duration routeStaleIfError) {
		CacheControl directives = CacheControl.of(entry.fields());
		Duration lifetime = positive(freshnessLifetime(entry).minus(currentAge(entry, entry.responseTime())));
		Duration staleWindow = Duration.ZERO;
		if (mayServeStale(directives)) {
			staleWindow = max(routeStaleIfError, max(seconds(directives.seconds("stale-while-revalidate")),
					seconds(directives.seconds("stale-if-error"))));
		}
		Duration retention = lifetime.plus(staleWindow);
		if (hasValidators(entry.fields())) {
			retention = max(retention, lifetime.plus(this.settings.validatorRetention()));
		}
		return retention;
	}

	/**
	 * RFC 9111 §4.2.4: a stale response may not be served when these directives forbid
	 * it; {@code s-maxage} implies {@code proxy-revalidate} for a shared cache.
	 */
	private static boolean mayServeStale(CacheControl directives) {
		return !directives.has("must-revalidate") && !directives.has("proxy-revalidate") && !directives.has("s-maxage")
				&& !directives.has("no-cache");
	}

	/**
	 * The request's directives; {@code Pragma: no-cache} counts only when the request has
	 * no {@code Cache-Control} (RFC 9111 §5.4), and other {@code Pragma} values are
	 * ignored.
	 */
	static CacheControl requestDirectives(Fields request) {
		if (!request.has("Cache-Control")
				&& request.members("Pragma").stream().anyMatch((p) -> p.equalsIgnoreCase("no-cache"))) {
			return CacheControl.parse(List.of("no-cache"));
		}
		return CacheControl.of(request);
	}

	/**
	 * Whether the request insists on not being answered from upstream (504 on a miss).
	 */
	static boolean isOnlyIfCached(Fields request) {
		return requestDirectives(request).has("only-if-cached");
	}

	/** Whether nothing of this request or its response may be stored. */
	static boolean forbidsStoring(Fields request) {
		return requestDirectives(request).has("no-store");
	}

	/**
	 * The request fields {@code Vary} names, lower-cased; {@code accept-encoding} is
	 * added for a content-encoded response, which is stored as it came.
	 */
	static Set<String> varyNames(Fields response) {
		Set<String> names = new LinkedHashSet<>();
		for (String name : response.members("Vary")) {
			names.add(name.toLowerCase(Locale.ROOT));
		}
		String encoding = response.first("Content-Encoding");
		if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
			names.add("accept-encoding");
		}
		return names;
	}

	/** The request's values of the fields the response varies on (RFC 9111 §4.1). */
	static Map<String, String> varySelection(Fields response, Fields request) {
		Map<String, String> selection = new LinkedHashMap<>();
		for (String name : varyNames(response)) {
			String value = request.joined(name);
			if (value != null && !"*".equals(name)) {
				selection.put(name, normalize(value));
			}
		}
		return selection;
	}

	/**
	 * Whether a stored variant was selected by the same request values as this request.
	 */
	static boolean matchesVary(StoredResponse entry, Fields request) {
		Fields fields = entry.fields();
		if (varyNames(fields).contains("*")) {
			return false;
		}
		return varySelection(fields, request).equals(entry.varySelection());
	}

	/** Whitespace around list commas carries no meaning (RFC 9111 §4.1). */
	private static String normalize(String value) {
		List<String> parts = new ArrayList<>();
		for (String part : value.split(",")) {
			parts.add(part.trim());
		}
		return String.join(",", parts);
	}

	static boolean hasValidators(Fields response) {
		return response.has("ETag") || response.date("Last-Modified") != null;
	}

	/** The conditional fields that revalidate a stored response (RFC 9111 §4.3.1). */
	static Map<String, String> validators(StoredResponse entry) {
		Map<String, String> conditions = new LinkedHashMap<>();
		Fields fields = entry.fields();
		String etag = fields.first("ETag");
		if (etag != null) {
			conditions.put("If-None-Match", etag);
		}
		String lastModified = fields.first("Last-Modified");
		if (lastModified != null && Fields.parseDate(lastModified) != null) {
			conditions.put("If-Modified-Since", lastModified);
		}
		return conditions;
	}

	/**
	 * Whether the client's own conditional request is satisfied by a stored response, so
	 * that it is answered 304 (RFC 9110 §13.1.2, §13.1.3, §13.2.2: If-None-Match first,
	 * weak comparison; If-Modified-Since only without it).
	 */
	static boolean isNotModified(Fields request, StoredResponse entry) {
		if (entry.status() != 200) {
			return false;
		}
		Fields fields = entry.fields();
		if (request.has("If-None-Match")) {
			String etag = fields.first("ETag");
			for (String tag : request.members("If-None-Match")) {
				if ("*".equals(tag) || (etag != null && opaque(tag).equals(opaque(etag)))) {
					return true;
				}
			}
			return false;
		}
		Instant since = request.date("If-Modified-Since");
		Instant lastModified = fields.date("Last-Modified");
		return since != null && lastModified != null && !lastModified.isAfter(since);
	}

	private static String opaque(String etag) {
		String trimmed = etag.trim();
		return trimmed.startsWith("W/") ? trimmed.substring(2) : trimmed;
	}

	/** The stored fields a 304 answer to a client carries (RFC 9110 §15.4.5). */
	static Map<String, List<String>> notModifiedFields(StoredResponse entry) {
		Fields fields = entry.fields();
		Map<String, List<String>> selected = new LinkedHashMap<>();
		for (String name : NOT_MODIFIED_FIELDS) {
			if (fields.has(name)) {
				selected.put(name, fields.all(name));
			}
		}
		if (!fields.has("ETag") && fields.has("Last-Modified")) {
			selected.put("Last-Modified", fields.all("Last-Modified"));
		}
		return selected;
	}

	/**
	 * RFC 9111 §4.3.4: a 304 from upstream replaces the stored header fields it carries
	 * (except {@code Content-Length}) and restarts the age calculation.
	 */
	static StoredResponse refresh(StoredResponse entry, Fields notModified, Instant requestTime, Instant responseTime) {
		Map<String, List<String>> headers = new LinkedHashMap<>(entry.headers());
		notModified.asMap().forEach((name, values) -> {
			if (name.equalsIgnoreCase("Content-Length")) {
				return;
			}
			headers.keySet().removeIf((existing) -> existing.equalsIgnoreCase(name));
			headers.put(name, values);
		});
		return new StoredResponse(entry.routeId(), entry.status(), headers, entry.varySelection(), requestTime,
				responseTime, entry.body());
	}

	/**
	 * RFC 9111 §4.4: the cache keys an unsafe request invalidates when it succeeds: its
	 * target and the {@code Location} and {@code Content-Location} URIs on the same host.
	 */
	static List<String> invalidations(String method, int status, URI target, Fields response) {
		if (SAFE_METHODS.contains(method) || status < 200 || status >= 400) {
			return List.of();
		}
		Set<String> keys = new LinkedHashSet<>();
		keys.add(CacheKey.of(target));
		for (String name : List.of("Location", "Content-Location")) {
			String value = response.first(name);
			if (value == null) {
				continue;
			}
			try {
				URI resolved = target.resolve(value.trim());
				if (sameOrigin(target, resolved)) {
					keys.add(CacheKey.of(resolved));
				}
			}
			catch (IllegalArgumentException ex) {
				// an unparsable Location invalidates nothing more
			}
		}
		return List.copyOf(keys);
	}

	private static boolean sameOrigin(URI a, URI b) {
		return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
				&& a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
	}

	private static Instant dateValue(Fields fields, Instant responseTime) {
		Instant date = fields.date("Date");
		return (date != null) ? date : responseTime;
	}

	private static Duration ageValue(Fields fields) {
		String age = fields.first("Age");
		if (age == null) {
			return Duration.ZERO;
		}
		Long seconds = CacheControl.parse(List.of("age=" + age.trim())).seconds("age");
		return seconds(seconds);
	}

	private static Duration seconds(@Nullable Long seconds) {
		return (seconds != null) ? Duration.ofSeconds(seconds) : Duration.ZERO;
	}

	private static Duration positive(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	/**
	 * The policy's tunables.
	 *
	 * @param heuristicFraction the fraction of the time since {@code Last-Modified} that
	 * a response without explicit freshness is fresh for
	 * @param heuristicMax the longest heuristic freshness
	 * @param storeSetCookie whether responses with {@code Set-Cookie} may be stored
	 * @param validatorRetention how long past freshness a response with validators is
	 * kept for revalidation
	 */
	record Settings(double heuristicFraction, Duration heuristicMax, boolean storeSetCookie,
			Duration validatorRetention) {

	}

	/** Why a response may or may not be stored; the detail goes into Cache-Status. */
	enum Storability {

		STORABLE("stored"), METHOD("method"), STATUS("status"), NO_STORE("no-store"), PRIVATE("private"),
		AUTHORIZATION("authorization"), SET_COOKIE("set-cookie"), VARY_STAR("vary-star"),
		NOT_CACHEABLE("not-cacheable");

		private final String detail;

		Storability(String detail) {
			this.detail = detail;
		}

		String detail() {
			return this.detail;
		}

		/**
		 * Whether the response itself, rather than the request's method or credentials,
		 * is why it cannot be stored ({@code no-store} counts here; the caller knows
		 * whether the request said it too).
		 */
		boolean isTheResponses() {
			return this == NO_STORE || this == PRIVATE || this == SET_COOKIE || this == VARY_STAR
					|| this == NOT_CACHEABLE;
		}

	}

	/** What to do with a stored response that matches a request. */
	enum Verdict {

		/** Fresh and acceptable to the client: serve it. */
		FRESH,
		/** Stale, but the client's {@code max-stale} accepts it: serve it. */
		STALE_ALLOWED,
		/**
		 * Stale within {@code stale-while-revalidate}: serve it and refresh it in the
		 * background.
		 */
		STALE_WHILE_REVALIDATE,
		/** Ask upstream first, conditionally when the response has validators. */
		REVALIDATE

	}

	/**
	 * The verdict on a stored response and its timing.
	 *
	 * @param verdict what to do
	 * @param age its current age
	 * @param ttl how much longer it is fresh (negative when stale)
	 */
	record Lookup(Verdict verdict, Duration age, Duration ttl) {

	}

}
