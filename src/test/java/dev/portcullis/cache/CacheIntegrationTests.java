package dev.portcullis.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.portcullis.cache.CacheOrigin.Reply;
import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code ResponseCache} filter through the running gateway, with the memory store and
 * a real origin: what is stored, served, revalidated and invalidated, and what
 * {@code Cache-Status} says about it.
 */
class CacheIntegrationTests {

	private static final String DATE = Fields.formatDate(java.time.Instant.now().minusSeconds(2));

	private static CacheOrigin origin;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		origin = new CacheOrigin();
		String small = "spring.cloud.gateway.server.webflux.routes[1]";
		Routes routes = new Routes()
			.route("cached", origin.url(), List.of("Path=/c/**"), List.of("ResponseCache", "StripPrefix=1"))
			.with(small + ".id", "small")
			.with(small + ".uri", origin.url())
			.with(small + ".predicates[0]", "Path=/small/**")
			.with(small + ".filters[0].name", "ResponseCache")
			.with(small + ".filters[0].args.max-object-size", "2KB")
			.with(small + ".filters[1]", "StripPrefix=1");
		gateway = TestGateway.start(routes.properties());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		origin.close();
	}

	private static EntityExchangeResult<String> get(String path, String... headers) {
		return gateway.client().get().uri(path).headers((h) -> {
			for (int i = 0; i + 1 < headers.length; i += 2) {
				h.add(headers[i], headers[i + 1]);
			}
		}).exchange().expectBody(String.class).returnResult();
	}

	private static String cacheStatus(EntityExchangeResult<?> result) {
		return String.join(", ", result.getResponseHeaders().getOrEmpty("Cache-Status"));
	}

	@Test
	void storesAMissAndServesTheHitWithStoredHeadersAndAgeWithoutCallingUpstream() {
		origin.on("/fresh", Reply.ok("fresh body", "Cache-Control", "max-age=60", "Date", DATE, "X-Origin", "1"));
		EntityExchangeResult<String> miss = get("/c/fresh");
		assertThat(miss.getResponseBody()).isEqualTo("fresh body");
		assertThat(cacheStatus(miss)).isEqualTo("portcullis; fwd=uri-miss; stored");
		EntityExchangeResult<String> hit = get("/c/fresh");
		assertThat(hit.getStatus().value()).isEqualTo(200);
		assertThat(hit.getResponseBody()).isEqualTo("fresh body");
		assertThat(cacheStatus(hit)).startsWith("portcullis; hit; ttl=");
		assertThat(hit.getResponseHeaders().getFirst("Date")).isEqualTo(DATE);
		assertThat(hit.getResponseHeaders().getFirst("X-Origin")).isEqualTo("1");
		assertThat(hit.getResponseHeaders().getFirst("Cache-Control")).isEqualTo("max-age=60");
		assertThat(hit.getResponseHeaders().getFirst("X-Request-Id")).isNotBlank();
		assertThat(origin.count("/fresh")).isEqualTo(1);
	}

	@Test
	void computesAgeFromTheUpstreamsAgeHeader() {
		origin.on("/aged", Reply.ok("aged", "Cache-Control", "max-age=600", "Age", "100"));
		get("/c/aged");
		EntityExchangeResult<String> hit = get("/c/aged");
		assertThat(Long.parseLong(hit.getResponseHeaders().getFirst("Age"))).isBetween(100L, 130L);
		assertThat(cacheStatus(hit)).startsWith("portcullis; hit; ttl=");
	}

	@Test
	void answersHeadFromAStoredGet() {
		origin.on("/head", Reply.ok("head body", "Cache-Control", "max-age=60"));
		get("/c/head");
		EntityExchangeResult<Void> head = gateway.client()
			.head()
			.uri("/c/head")
			.exchange()
			.expectBody(Void.class)
			.returnResult();
		assertThat(head.getStatus().value()).isEqualTo(200);
		assertThat(head.getResponseHeaders().getContentLength()).isEqualTo(9);
		assertThat(cacheStatus(head)).startsWith("portcullis; hit");
		assertThat(origin.count("/head")).isEqualTo(1);
	}

	@Test
	void aHeadMissGoesUpstreamAndIsNotStored() {
		origin.on("/headmiss", Reply.ok("x", "Cache-Control", "max-age=60"));
		gateway.client().head().uri("/c/headmiss").exchange().expectStatus().isOk().expectBody(Void.class);
		get("/c/headmiss");
		assertThat(origin.received("/headmiss")).extracting(CacheOrigin.Received::method)
			.containsExactly("HEAD", "GET");
	}

	@Test
	void neverStoresNoStorePrivateOrSetCookieResponses() {
		origin.on("/nostore", Reply.ok("n", "Cache-Control", "no-store"));
		origin.on("/private", Reply.ok("p", "Cache-Control", "private, max-age=60"));
		origin.on("/cookie", Reply.ok("k", "Cache-Control", "max-age=60", "Set-Cookie", "s=1"));
		assertThat(cacheStatus(get("/c/nostore"))).isEqualTo("portcullis; fwd=uri-miss; detail=no-store");
		assertThat(cacheStatus(get("/c/private"))).isEqualTo("portcullis; fwd=uri-miss; detail=private");
		assertThat(cacheStatus(get("/c/cookie"))).isEqualTo("portcullis; fwd=uri-miss; detail=set-cookie");
		// Remembered as uncacheable: a miss found in memory, the store is not read
		assertThat(cacheStatus(get("/c/nostore"))).isEqualTo("portcullis; fwd=miss; detail=no-store");
		get("/c/private");
		get("/c/cookie");
		assertThat(origin.count("/nostore")).isEqualTo(2);
		assertThat(origin.count("/private")).isEqualTo(2);
		assertThat(origin.count("/cookie")).isEqualTo(2);
	}

	@Test
	void storesAuthorizedResponsesOnlyWhenPublic() {
		origin.on("/auth", Reply.ok("a", "Cache-Control", "max-age=60"));
		origin.on("/authpublic", Reply.ok("a", "Cache-Control", "public, max-age=60"));
		assertThat(cacheStatus(get("/c/auth", "Authorization", "Bearer x")))
			.isEqualTo("portcullis; fwd=uri-miss; detail=authorization");
		get("/c/auth", "Authorization", "Bearer x");
		assertThat(origin.count("/auth")).isEqualTo(2);
		get("/c/authpublic", "Authorization", "Bearer x");
		assertThat(cacheStatus(get("/c/authpublic", "Authorization", "Bearer x"))).startsWith("portcullis; hit");
		assertThat(origin.count("/authpublic")).isEqualTo(1);
	}

	@Test
	void keepsOneVariantPerVaryValue() {
		origin.on("/vary", (headers) -> Reply.ok("lang " + headers.getFirst("Accept-Language"), "Cache-Control",
				"max-age=60", "Vary", "Accept-Language"));
		assertThat(get("/c/vary", "Accept-Language", "de").getResponseBody()).isEqualTo("lang de");
		EntityExchangeResult<String> en = get("/c/vary", "Accept-Language", "en");
		assertThat(en.getResponseBody()).isEqualTo("lang en");
		assertThat(cacheStatus(en)).isEqualTo("portcullis; fwd=vary-miss; stored");
		EntityExchangeResult<String> de = get("/c/vary", "Accept-Language", "de");
		assertThat(de.getResponseBody()).isEqualTo("lang de");
		assertThat(cacheStatus(de)).startsWith("portcullis; hit");
		assertThat(get("/c/vary", "Accept-Language", "en").getResponseBody()).isEqualTo("lang en");
		assertThat(origin.count("/vary")).isEqualTo(2);
	}

	@Test
	void neverServesVaryStarFromCache() {
		origin.on("/varystar", Reply.ok("s", "Cache-Control", "max-age=60", "Vary", "*"));
		assertThat(cacheStatus(get("/c/varystar"))).isEqualTo("portcullis; fwd=uri-miss; detail=vary-star");
		get("/c/varystar");
		assertThat(origin.count("/varystar")).isEqualTo(2);
	}

	@Test
	void storesCompressedBodiesAsTheyCameVariedOnAcceptEncoding() {
		origin.on("/gz",
				(headers) -> "x-pack".equals(headers.getFirst("Accept-Encoding"))
						? Reply.ok("packed", "Cache-Control", "max-age=60", "Content-Encoding", "x-pack")
						: Reply.ok("plain", "Cache-Control", "max-age=60"));
		get("/c/gz", "Accept-Encoding", "x-pack");
		EntityExchangeResult<String> gz = get("/c/gz", "Accept-Encoding", "x-pack");
		assertThat(gz.getResponseBody()).isEqualTo("packed");
		assertThat(gz.getResponseHeaders().getFirst("Content-Encoding")).isEqualTo("x-pack");
		assertThat(cacheStatus(gz)).startsWith("portcullis; hit");
		EntityExchangeResult<String> plain = get("/c/gz", "Accept-Encoding", "identity");
		assertThat(plain.getResponseBody()).isEqualTo("plain");
		assertThat(origin.count("/gz")).isEqualTo(2);
	}

	@Test
	void streamsBodiesLargerThanMaxObjectSizeWithoutStoringThem() {
		String big = "x".repeat(5000);
		origin.on("/big", Reply.ok(big, "Cache-Control", "max-age=60"));
		origin.on("/bigchunked", Reply.ok(big, "Cache-Control", "max-age=60").inChunks());
		EntityExchangeResult<String> first = get("/small/big");
		assertThat(first.getResponseBody()).isEqualTo(big);
		assertThat(cacheStatus(first)).isEqualTo("portcullis; fwd=uri-miss; detail=too-large");
		assertThat(get("/small/big").getResponseBody()).isEqualTo(big);
		assertThat(origin.count("/big")).isEqualTo(2);
		assertThat(get("/small/bigchunked").getResponseBody()).isEqualTo(big);
		assertThat(get("/small/bigchunked").getResponseBody()).isEqualTo(big);
		assertThat(origin.count("/bigchunked")).isEqualTo(2);
	}

	@Test
	void storesChunkedBodiesThatFit() {
		String body = "y".repeat(1500);
		origin.on("/chunked", Reply.ok(body, "Cache-Control", "max-age=60").inChunks());
		EntityExchangeResult<String> miss = get("/small/chunked");
		assertThat(miss.getResponseBody()).isEqualTo(body);
		assertThat(cacheStatus(miss)).isEqualTo("portcullis; fwd=uri-miss");
		EntityExchangeResult<String> hit = get("/small/chunked");
		assertThat(hit.getResponseBody()).isEqualTo(body);
		assertThat(hit.getResponseHeaders().getContentLength()).isEqualTo(1500);
		assertThat(origin.count("/chunked")).isEqualTo(1);
	}

	@Test
	void requestNoCacheGoesUpstreamAndOnlyIfCachedGets504OnAMiss() {
		origin.on("/nocache", Reply.ok("n", "Cache-Control", "max-age=60"));
		get("/c/nocache");
		EntityExchangeResult<String> forced = get("/c/nocache", "Cache-Control", "no-cache");
		assertThat(cacheStatus(forced)).isEqualTo("portcullis; fwd=request; fwd-status=200; stored");
		assertThat(origin.count("/nocache")).isEqualTo(2);
		assertThat(cacheStatus(get("/c/nocache", "Cache-Control", "max-age=600, unknown-directive")))
			.startsWith("portcullis; hit");
		assertThat(cacheStatus(get("/c/nocache", "Pragma", "x-unknown"))).startsWith("portcullis; hit");
		EntityExchangeResult<String> onlyIfCached = get("/c/never-stored", "Cache-Control", "only-if-cached");
		assertThat(onlyIfCached.getStatus().value()).isEqualTo(504);
		assertThat(cacheStatus(onlyIfCached)).isEqualTo("portcullis; detail=only-if-cached");
		assertThat(origin.count("/never-stored")).isZero();
		assertThat(get("/c/nocache", "Cache-Control", "only-if-cached").getStatus().value()).isEqualTo(200);
	}

	@Test
	void answersAClientsConditionalRequestWith304FromAFreshEntry() {
		origin.on("/etag", Reply.ok("tagged", "Cache-Control", "max-age=60", "ETag", "\"v1\""));
		get("/c/etag");
		EntityExchangeResult<String> notModified = get("/c/etag", "If-None-Match", "\"v1\"");
		assertThat(notModified.getStatus().value()).isEqualTo(304);
		assertThat(notModified.getResponseHeaders().getETag()).isEqualTo("\"v1\"");
		assertThat(cacheStatus(notModified)).startsWith("portcullis; hit");
		assertThat(get("/c/etag", "If-None-Match", "\"v0\"").getResponseBody()).isEqualTo("tagged");
		assertThat(origin.count("/etag")).isEqualTo(1);
	}

	@Test
	void revalidatesAStaleEntryAndServesTheStoredBodyAfter304() {
		origin.on("/reval",
				(headers) -> "\"r1\"".equals(headers.getFirst("If-None-Match"))
						? Reply.of(304, "", "ETag", "\"r1\"", "Cache-Control", "no-cache", "X-Refreshed", "yes")
						: Reply.ok("revalidated body", "ETag", "\"r1\"", "Cache-Control", "no-cache"));
		get("/c/reval");
		EntityExchangeResult<String> revalidated = get("/c/reval", "If-None-Match", "\"client\"");
		assertThat(revalidated.getStatus().value()).isEqualTo(200);
		assertThat(revalidated.getResponseBody()).isEqualTo("revalidated body");
		assertThat(cacheStatus(revalidated)).isEqualTo("portcullis; fwd=stale; fwd-status=304; stored");
		assertThat(revalidated.getResponseHeaders().getFirst("X-Refreshed")).isEqualTo("yes");
		List<CacheOrigin.Received> received = origin.received("/reval");
		assertThat(received).hasSize(2);
		assertThat(received.get(1).headers().getFirst("If-None-Match")).isEqualTo("\"r1\"");
	}

	@Test
	void successfulUnsafeRequestsInvalidateTheTargetAndItsLocation() {
		origin.on("/items", Reply.ok("list", "Cache-Control", "max-age=60"));
		origin.on("/items/7", (headers) -> Reply.ok("item", "Cache-Control", "max-age=60"));
		get("/c/items");
		get("/c/items/7");
		assertThat(cacheStatus(get("/c/items"))).startsWith("portcullis; hit");
		origin.on("/items", (headers) -> Reply.of(201, "created", "Location", "/c/items/7"));
		gateway.client().post().uri("/c/items").exchange().expectStatus().isCreated().expectBody(String.class);
		origin.on("/items", Reply.ok("list", "Cache-Control", "max-age=60"));
		assertThat(cacheStatus(get("/c/items"))).isEqualTo("portcullis; fwd=uri-miss; stored");
		assertThat(cacheStatus(get("/c/items/7"))).isEqualTo("portcullis; fwd=uri-miss; stored");
	}

	@Test
	void failedUnsafeRequestsInvalidateNothing() {
		origin.on("/keep", Reply.ok("keep", "Cache-Control", "max-age=60"));
		get("/c/keep");
		origin.on("/keep", Reply.of(500, "oops"));
		gateway.client().delete().uri("/c/keep").exchange().expectStatus().is5xxServerError().expectBody(String.class);
		origin.on("/keep", Reply.ok("keep", "Cache-Control", "max-age=60"));
		assertThat(cacheStatus(get("/c/keep"))).startsWith("portcullis; hit");
	}

	@Test
	void servesStaleWhenTheUpstreamAnswers5xxWithinStaleIfError() {
		// Age beyond max-age: stored already stale, inside its stale-if-error window
		origin.on("/sie", Reply.ok("good", "Cache-Control", "max-age=10, stale-if-error=600", "Age", "20"));
		get("/c/sie");
		origin.on("/sie", Reply.of(503, "down"));
		EntityExchangeResult<String> stale = get("/c/sie");
		assertThat(stale.getStatus().value()).isEqualTo(200);
		assertThat(stale.getResponseBody()).isEqualTo("good");
		assertThat(cacheStatus(stale)).isEqualTo("portcullis; fwd=stale; fwd-status=503; detail=stale-if-error");
		origin.on("/sie-mr",
				Reply.ok("good", "Cache-Control", "max-age=10, stale-if-error=600, must-revalidate", "Age", "20"));
		get("/c/sie-mr");
		origin.on("/sie-mr", Reply.of(503, "down"));
		assertThat(get("/c/sie-mr").getStatus().value()).isEqualTo(503);
	}

	@Test
	void servesStaleWhileRevalidatingInTheBackground() {
		origin.on("/swr", Reply.ok("old", "Cache-Control", "max-age=10, stale-while-revalidate=600", "Age", "20"));
		get("/c/swr");
		origin.on("/swr", Reply.ok("new", "Cache-Control", "max-age=600"));
		EntityExchangeResult<String> stale = get("/c/swr");
		assertThat(stale.getResponseBody()).isEqualTo("old");
		assertThat(cacheStatus(stale)).startsWith("portcullis; hit; ttl=-").endsWith("detail=stale-while-revalidate");
		EntityExchangeResult<String> refreshed = pollUntil("/c/swr", "new");
		assertThat(cacheStatus(refreshed)).startsWith("portcullis; hit");
		assertThat(origin.count("/swr")).isEqualTo(2);
	}

	@Test
	void collapsesConcurrentMissesIntoOneUpstreamRequest() {
		origin.on("/slow", Reply.ok("slow body", "Cache-Control", "max-age=60").delayed(Duration.ofMillis(500)));
		WebClient client = WebClient.create(gateway.url());
		List<String> bodies = Flux.range(0, 6)
			.flatMap((i) -> client.get().uri("/c/slow").retrieve().bodyToMono(String.class))
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(bodies).hasSize(6).allMatch("slow body"::equals);
		assertThat(origin.count("/slow")).isEqualTo(1);
	}

	@Test
	void sendsConcurrentMissesForAUrlWhoseResponseCannotBeStoredAllUpstreamAtOnce() {
		origin.on("/mine", Reply.ok("mine", "Cache-Control", "private"));
		assertThat(cacheStatus(get("/c/mine"))).isEqualTo("portcullis; fwd=uri-miss; detail=private");
		origin.on("/mine", Reply.ok("mine", "Cache-Control", "private").delayed(Duration.ofSeconds(3)));
		WebClient client = WebClient.create(gateway.url());
		AtomicInteger answered = new AtomicInteger();
		Mono<List<String>> bodies = Flux.range(0, 4)
			.flatMap((i) -> client.get()
				.uri("/c/mine")
				.retrieve()
				.bodyToMono(String.class)
				.doOnNext((body) -> answered.incrementAndGet()))
			.collectList()
			.cache();
		bodies.subscribe();
		// Collapsed, three of them would wait for the first one's answer (3 s) before
		// going upstream.
		await().atMost(Duration.ofMillis(2500)).until(() -> origin.count("/mine") == 5);
		assertThat(answered).hasValue(0);
		assertThat(bodies.block(Duration.ofSeconds(20))).hasSize(4).allMatch("mine"::equals);
	}

	@Test
	void usesTheRouteIdAndKeepsNonCachedRoutesUntouched() {
		origin.on("/plain", Reply.ok("plain", "Cache-Control", "max-age=60"));
		EntityExchangeResult<String> result = get("/c/plain");
		assertThat(result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_TYPE)).isNull();
	}

	@Test
	void countsHitsMissesAndStoresPerRoute() {
		origin.on("/counted", Reply.ok("c", "Cache-Control", "max-age=60"));
		get("/c/counted");
		get("/c/counted");
		assertThat(gateway.metrics())
			.containsPattern("portcullis_cache_requests_total\\{[^}]*result=\"hit\"[^}]*route=\"cached\"")
			.containsPattern("portcullis_cache_requests_total\\{[^}]*result=\"miss\"[^}]*route=\"cached\"")
			.containsPattern("portcullis_cache_stores_total\\{[^}]*route=\"cached\"");
	}

	/** Bounded poll: repeats the request until the body is the expected one. */
	private static EntityExchangeResult<String> pollUntil(String path, String body) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		EntityExchangeResult<String> result = get(path);
		while (!body.equals(result.getResponseBody()) && System.nanoTime() < deadline) {
			java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
			result = get(path);
		}
		assertThat(result.getResponseBody()).isEqualTo(body);
		return result;
	}

	static Map<String, String> none() {
		return Map.of();
	}

}
