package dev.portcullis.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.portcullis.auth.AuthenticateGatewayFilterFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The cache in front of one route: serves fresh stored responses, revalidates stale ones,
 * stores what the upstream sends when the policy allows, serves stale responses when the
 * upstream fails, collapses concurrent misses and invalidates after unsafe requests.
 * Every store call that fails or times out is counted and the request goes upstream
 * uncached: the cache fails open, because a cache outage must not become a gateway
 * outage.
 */
final class ResponseCacheFilter implements GatewayFilter {

	private static final Log logger = LogFactory.getLog(ResponseCacheFilter.class);

	/**
	 * RFC 9110 §7.6.1, and this cache's own field; {@code Age} is kept for RFC 9111
	 * §4.2.3. By name without regard to case, so checking a name needs no lower-cased
	 * copy.
	 */
	private static final Set<String> NOT_STORED = caseInsensitive("connection", "keep-alive", "proxy-connection", "te",
			"trailer", "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization", "cache-status");

	private static final List<String> CONDITIONALS = List.of("If-None-Match", "If-Modified-Since", "If-Match",
			"If-Unmodified-Since", "If-Range");

	private final Route route;

	private final CacheProperties properties;

	private final CachePolicy policy;

	private final ResponseStore store;

	private final CacheMetrics metrics;

	private final Collapser collapser;

	private final UncacheableUrls uncacheable;

	/** Keys being revalidated in the background, so each is refreshed once at a time. */
	private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

	ResponseCacheFilter(Route route, CacheProperties properties, CachePolicy policy, ResponseStore store,
			CacheMetrics metrics, Collapser collapser, UncacheableUrls uncacheable) {
		this.route = route;
		this.properties = properties;
		this.policy = policy;
		this.store = store;
		this.metrics = metrics;
		this.collapser = collapser;
		this.uncacheable = uncacheable;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		if (!this.properties.enabled()) {
			return chain.filter(exchange);
		}
		Request request = new Request(exchange, chain);
		if (!CachePolicy.isServableMethod(request.method)) {
			return forwardAndInvalidate(request);
		}
		if (this.uncacheable.contains(request.key) && !CachePolicy.isOnlyIfCached(request.fields)) {
			// Its last response could not be stored: nothing fresh is expected in the
			// store, so the miss goes upstream without reading it.
			return miss(request, "miss");
		}
		return this.store.variants(request.key)
			.map(Optional::of)
			.onErrorResume((ex) -> storeFailed("read", ex).thenReturn(Optional.empty()))
			.flatMap((variants) -> variants.isPresent() ? answer(request, variants.get())
					: bypass(request, "store-unavailable"));
	}

	private Mono<Void> answer(Request request, List<StoredResponse> variants) {
		StoredResponse entry = select(request, variants);
		if (entry == null) {
			return miss(request, variants.isEmpty() ? "uri-miss" : "vary-miss");
		}
		CachePolicy.Lookup lookup = this.policy.evaluate(request.fields, entry);
		switch (lookup.verdict()) {
			case FRESH -> {
				this.metrics.hit(this.route.id());
				return serve(request, entry, lookup.age(), CacheStatus.hit(lookup.ttl(), null));
			}
			case STALE_ALLOWED -> {
				this.metrics.stale(this.route.id());
				return serve(request, entry, lookup.age(), CacheStatus.hit(lookup.ttl(), "max-stale"));
			}
			case STALE_WHILE_REVALIDATE -> {
				this.metrics.stale(this.route.id());
				refreshInBackground(request, entry);
				return serve(request, entry, lookup.age(), CacheStatus.hit(lookup.ttl(), "stale-while-revalidate"));
			}
			default -> {
				if (CachePolicy.isOnlyIfCached(request.fields)) {
					return onlyIfCached(request);
				}
				this.metrics.miss(this.route.id());
				boolean asked = CachePolicy.requestDirectives(request.fields).has("no-cache");
				return forward(request, asked ? "request" : "stale", entry);
			}
		}
	}

	/** The newest stored variant whose {@code Vary} fields match the request. */
	private @Nullable StoredResponse select(Request request, List<StoredResponse> variants) {
		return variants.stream()
			.filter((variant) -> CachePolicy.matchesVary(variant, request.fields))
			.max(Comparator.comparing(StoredResponse::responseTime))
			.orElse(null);
	}

	private Mono<Void> miss(Request request, String fwd) {
		if (CachePolicy.isOnlyIfCached(request.fields)) {
			return onlyIfCached(request);
		}
		this.metrics.miss(this.route.id());
		boolean requestForbidsSharing = CachePolicy.requestDirectives(request.fields).has("no-cache")
				|| CachePolicy.forbidsStoring(request.fields);
		if (requestForbidsSharing) {
			return forward(request, "request", null);
		}
		if (!this.route.collapse() || !"GET".equals(request.method) || this.uncacheable.contains(request.key)) {
			return forward(request, fwd, null);
		}
		return this.collapser.collapse(request.key, () -> forward(request, fwd, null),
				() -> afterCollapse(request, fwd), () -> this.metrics.storeError(this.route.id(), "lock"));
	}

	/** After waiting for a concurrent request: its stored response, or upstream. */
	private Mono<Void> afterCollapse(Request request, String fwd) {
		return this.store.variants(request.key).onErrorResume((ex) -> Mono.just(List.of())).flatMap((variants) -> {
			StoredResponse entry = select(request, variants);
			if (entry != null) {
				CachePolicy.Lookup lookup = this.policy.evaluate(request.fields, entry);
				if (lookup.verdict() == CachePolicy.Verdict.FRESH) {
					this.metrics.collapsed(this.route.id());
					return serve(request, entry, lookup.age(), CacheStatus.hit(lookup.ttl(), "collapsed"));
				}
			}
			return forward(request, fwd, null);
		});
	}

	private Mono<Void> bypass(Request request, String detail) {
		this.metrics.bypass(this.route.id());
		request.exchange.getResponse().beforeCommit(() -> {
			request.exchange.getResponse()
				.getHeaders()
				.add(CacheStatus.HEADER, CacheStatus.forward("bypass", null, false, detail));
			return Mono.empty();
		});
		return request.chain.filter(request.exchange);
	}

	private Mono<Void> onlyIfCached(Request request) {
		ServerHttpResponse response = request.exchange.getResponse();
		response.setStatusCode(HttpStatus.GATEWAY_TIMEOUT);
		response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
		response.getHeaders().add(CacheStatus.HEADER, CacheStatus.none("only-if-cached"));
		return response.setComplete();
	}

	/**
	 * Writes a stored response with the header fields it was stored with, its current
	 * {@code Age}, and this cache's {@code Cache-Status}; 304 when the client's own
	 * validators match it.
	 */
	private Mono<Void> serve(Request request, StoredResponse entry, Duration age, String cacheStatus) {
		ServerHttpResponse response = request.exchange.getResponse();
		HttpHeaders headers = response.getHeaders();
		boolean notModified = CachePolicy.isNotModified(request.fields, entry);
		Map<String, List<String>> fields = notModified ? CachePolicy.notModifiedFields(entry) : entry.headers();
		fields.forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
		headers.set(HttpHeaders.AGE, String.valueOf(age.toSeconds()));
		headers.add(CacheStatus.HEADER, cacheStatus);
		if (notModified) {
			response.setStatusCode(HttpStatus.NOT_MODIFIED);
			return response.setComplete();
		}
		response.setStatusCode(HttpStatusCode.valueOf(entry.status()));
		if (!headers.containsHeader(HttpHeaders.CONTENT_LENGTH) && entry.status() != 204) {
			headers.setContentLength(entry.body().length);
		}
		if ("HEAD".equals(request.method) || entry.body().length == 0) {
			return response.setComplete();
		}
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(entry.body())));
	}

	/**
	 * Sends the request upstream (conditionally when a stale entry has validators) and
	 * decides, when the response arrives, whether to store it, refresh the entry from a
	 * 304, or stand in the stale entry for an error.
	 */
	private Mono<Void> forward(Request request, String fwd, @Nullable StoredResponse stale) {
		Instant requestTime = this.policy.now();
		ServerWebExchange exchange = request.exchange;
		if (stale != null && !CachePolicy.validators(stale).isEmpty()) {
			exchange = withValidators(exchange, stale);
		}
		Upstream upstream = new Upstream(request, fwd, stale, requestTime);
		InterceptedResponse response = new InterceptedResponse(exchange.getResponse(), upstream::write);
		return request.chain.filter(exchange.mutate().response(response).build())
			.onErrorResume((ex) -> standInForError(request, stale, response, ex));
	}

	/**
	 * RFC 5861 §4 for failures that never produced a response: refused connections,
	 * timeouts (504 from the gateway), an open circuit breaker placed after this filter.
	 */
	private Mono<Void> standInForError(Request request, @Nullable StoredResponse stale, ServerHttpResponse response,
			Throwable failure) {
		if (stale == null || response.isCommitted()
				|| !this.policy.mayServeStaleOnError(request.fields, stale, this.route.staleIfError())) {
			return Mono.error(failure);
		}
		logger.debug("Route " + this.route.id() + ": upstream failed (" + failure + "); serving stale " + request.key);
		this.metrics.stale(this.route.id());
		request.exchange.getResponse().getHeaders().clear();
		return serve(request, stale, this.policy.currentAge(stale, this.policy.now()),
				CacheStatus.forward("stale", null, false, "stale-if-error"));
	}

	private ServerWebExchange withValidators(ServerWebExchange exchange, StoredResponse stale) {
		ServerHttpRequest request = exchange.getRequest().mutate().headers((headers) -> {
			CONDITIONALS.forEach(headers::remove);
			CachePolicy.validators(stale).forEach(headers::set);
		}).build();
		return exchange.mutate().request(request).build();
	}

	/** Revalidates a stale entry without holding up the client (RFC 5861 §3). */
	private void refreshInBackground(Request request, StoredResponse stale) {
		if (!this.refreshing.add(request.key)) {
			return;
		}
		Instant requestTime = this.policy.now();
		DetachedResponse detached = new DetachedResponse(request.exchange.getResponse().bufferFactory(),
				this.route.maxObjectSize());
		ServerWebExchange background = BackgroundExchange.of(withValidators(request.exchange, stale), detached);
		// Fire-and-forget on purpose: the client already has its answer; the refresh is
		// bounded by background-timeout and its failure is only logged.
		String lock = "refresh:" + request.key;
		this.store.tryLock(lock, this.properties.backgroundTimeout())
			.onErrorReturn(true)
			.filter(Boolean::booleanValue)
			.flatMap((locked) -> request.chain.filter(background)
				.then(Mono.defer(() -> storeBackgroundResult(request, stale, detached, requestTime)))
				.then(this.store.unlock(lock).onErrorResume((ex) -> Mono.empty())))
			.timeout(this.properties.backgroundTimeout())
			.doFinally((signal) -> this.refreshing.remove(request.key))
			.subscribe(null, (ex) -> logger
				.info("Route " + this.route.id() + ": background revalidation of " + request.key + " failed: " + ex));
	}

	private Mono<Void> storeBackgroundResult(Request request, StoredResponse stale, DetachedResponse detached,
			Instant requestTime) {
		HttpStatusCode status = detached.getStatusCode();
		byte[] body = detached.body();
		if (status == null) {
			return Mono.empty();
		}
		Fields headers = Fields.of(storedFields(detached.getHeaders()));
		if (status.value() == 304) {
			return put(request, CachePolicy.refresh(stale, headers, requestTime, this.policy.now()));
		}
		if (body == null || this.policy.storability(request.method, request.fields, status.value(),
				headers) != CachePolicy.Storability.STORABLE) {
			return Mono.empty();
		}
		return put(request, new StoredResponse(this.route.id(), status.value(), headers.asMap(),
				CachePolicy.varySelection(headers, request.fields), requestTime, this.policy.now(), body));
	}

	/**
	 * Stores an entry, bounded by the store's timeout; a failure is counted, not raised.
	 */
	private Mono<Void> put(Request request, StoredResponse entry) {
		Duration retention = this.policy.retention(entry, this.route.staleIfError());
		if (retention.isZero() || retention.isNegative()) {
			return Mono.empty();
		}
		return this.store.put(request.key, entry, retention)
			.doOnSuccess((ignored) -> this.metrics.stored(this.route.id()))
			.onErrorResume((ex) -> storeFailed("write", ex));
	}

	/** Sends an unsafe request on and, when it succeeds, invalidates what it changed. */
	private Mono<Void> forwardAndInvalidate(Request request) {
		ServerHttpResponse response = request.exchange.getResponse();
		response.beforeCommit(() -> {
			response.getHeaders().add(CacheStatus.HEADER, CacheStatus.forward("method", null, false, null));
			HttpStatusCode status = response.getStatusCode();
			if (status == null) {
				return Mono.empty();
			}
			List<String> keys = CachePolicy.invalidations(request.method, status.value(),
					request.exchange.getRequest().getURI(), Fields.of(toMap(response.getHeaders())));
			return Flux.fromIterable(keys)
				.concatMap((key) -> this.store.remove(key).timeout(this.properties.redisTimeout()))
				.reduce(0L, Long::sum)
				.doOnNext((removed) -> this.metrics.evicted(this.route.id(), "invalidated", removed))
				.onErrorResume((ex) -> storeFailed("invalidate", ex).then(Mono.empty()))
				.then();
		});
		return request.chain.filter(request.exchange);
	}

	private Mono<Void> storeFailed(String operation, Throwable failure) {
		this.metrics.storeError(this.route.id(), operation);
		logger
			.warn("Route " + this.route.id() + ": cache store " + operation + " failed, going on uncached: " + failure);
		return Mono.empty();
	}

	static Map<String, List<String>> toMap(HttpHeaders headers) {
		Map<String, List<String>> map = new LinkedHashMap<>();
		headers.forEach((name, values) -> map.put(name, List.copyOf(values)));
		return map;
	}

	private static Set<String> caseInsensitive(String... names) {
		Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		set.addAll(List.of(names));
		return Collections.unmodifiableSet(set);
	}

	/** The response fields worth storing: all but hop-by-hop ones and our own. */
	static Map<String, List<String>> storedFields(HttpHeaders headers) {
		Map<String, List<String>> map = new LinkedHashMap<>();
		headers.forEach((name, values) -> {
			if (!NOT_STORED.contains(name)) {
				map.put(name, List.copyOf(values));
			}
		});
		return map;
	}

	/**
	 * A route's resolved settings.
	 *
	 * @param id the route id
	 * @param staleIfError the default stale-if-error window
	 * @param maxObjectSize the largest body stored, in bytes
	 * @param collapse whether concurrent misses are collapsed
	 */
	record Route(String id, Duration staleIfError, int maxObjectSize, boolean collapse) {

	}

	/** What the filter knows of one request. */
	private static final class Request {

		final ServerWebExchange exchange;

		final GatewayFilterChain chain;

		final String method;

		final String key;

		final Fields fields;

		Request(ServerWebExchange exchange, GatewayFilterChain chain) {
			this.exchange = exchange;
			this.chain = chain;
			this.method = exchange.getRequest().getMethod().name();
			this.key = CacheKey.of(exchange.getRequest().getURI());
			this.fields = Fields.of(withCredentials(exchange, toMap(exchange.getRequest().getHeaders())));
		}

		/**
		 * A request that an {@code Authenticate} filter let through carried credentials,
		 * perhaps in an API-key header rather than {@code Authorization}: the policy must
		 * see it as authorized, so that one client's answer is not stored for others.
		 */
		private static Map<String, List<String>> withCredentials(ServerWebExchange exchange,
				Map<String, List<String>> fields) {
			if (exchange.getAttribute(AuthenticateGatewayFilterFactory.SUBJECT_ATTRIBUTE) == null
					|| exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null) {
				return fields;
			}
			Map<String, List<String>> withCredentials = new LinkedHashMap<>(fields);
			withCredentials.put(HttpHeaders.AUTHORIZATION, List.of("(authenticated by the gateway)"));
			return withCredentials;
		}

	}

	/**
	 * Decides, when an upstream response starts, what the client gets and what is stored.
	 */
	private final class Upstream {

		private final Request request;

		private final String fwd;

		private final @Nullable StoredResponse stale;

		private final Instant requestTime;

		Upstream(Request request, String fwd, @Nullable StoredResponse stale, Instant requestTime) {
			this.request = request;
			this.fwd = fwd;
			this.stale = stale;
			this.requestTime = requestTime;
		}

		Mono<Void> write(InterceptedResponse response, Flux<DataBuffer> body) {
			Instant responseTime = policy.now();
			int status = (response.getStatusCode() != null) ? response.getStatusCode().value() : 200;
			Fields fields = Fields.of(storedFields(response.getHeaders()));
			if (this.stale != null && status == 304 && !CachePolicy.validators(this.stale).isEmpty()) {
				StoredResponse refreshed = CachePolicy.refresh(this.stale, fields, this.requestTime, responseTime);
				return discard(body).then(put(this.request, refreshed))
					.then(replace(response, refreshed, CacheStatus.forward("stale", 304, true, null)));
			}
			if (this.stale != null && status >= 500
					&& policy.mayServeStaleOnError(this.request.fields, this.stale, route.staleIfError())) {
				metrics.stale(route.id());
				return discard(body)
					.then(replace(response, this.stale, CacheStatus.forward("stale", status, false, "stale-if-error")));
			}
			Integer fwdStatus = (this.stale != null) ? status : null;
			CachePolicy.Storability storability = policy.storability(this.request.method, this.request.fields, status,
					fields);
			if (storability != CachePolicy.Storability.STORABLE) {
				if (storability.isTheResponses()) {
					notStorable(status);
				}
				return pass(response, body, CacheStatus.forward(this.fwd, fwdStatus, false, storability.detail()));
			}
			long length = response.getHeaders().getContentLength();
			if (length > route.maxObjectSize()) {
				notStorable(status);
				return pass(response, body, CacheStatus.forward(this.fwd, fwdStatus, false, "too-large"));
			}
			StoredResponse skeleton = new StoredResponse(route.id(), status, fields.asMap(),
					CachePolicy.varySelection(fields, this.request.fields), this.requestTime, responseTime,
					new byte[0]);
			if (policy.retention(skeleton, route.staleIfError()).isZero()) {
				notStorable(status);
				return pass(response, body, CacheStatus.forward(this.fwd, fwdStatus, false, "not-cacheable"));
			}
			uncacheable.remove(this.request.key);
			// With a Content-Length the outcome is known now; a chunked body is stored
			// only
			// if it turns out to fit, which the headers, sent first, cannot say.
			response.getHeaders().add(CacheStatus.HEADER, CacheStatus.forward(this.fwd, fwdStatus, length >= 0, null));
			BodyTee tee = new BodyTee(route.maxObjectSize());
			return response.send(tee.tee(body, (bytes) -> put(this.request, withBody(skeleton, bytes))));
		}

		/**
		 * Remembers that the URL's responses are not storable, unless the request asked
		 * for that itself or the status is an error, which may well pass.
		 */
		private void notStorable(int status) {
			if (status < 400 && !"request".equals(this.fwd)) {
				uncacheable.add(this.request.key);
			}
		}

		private StoredResponse withBody(StoredResponse skeleton, byte[] body) {
			return new StoredResponse(skeleton.routeId(), skeleton.status(), skeleton.headers(),
					skeleton.varySelection(), skeleton.requestTime(), skeleton.responseTime(), body);
		}

		private Mono<Void> pass(InterceptedResponse response, Flux<DataBuffer> body, String cacheStatus) {
			response.getHeaders().add(CacheStatus.HEADER, cacheStatus);
			return response.send(body);
		}

		/** Replaces the upstream's answer with a stored one, written to the client. */
		private Mono<Void> replace(InterceptedResponse response, StoredResponse entry, String cacheStatus) {
			response.getHeaders().clear();
			return serve(this.request, entry, policy.currentAge(entry, policy.now()), cacheStatus);
		}

		private Mono<Void> discard(Flux<DataBuffer> body) {
			return body.doOnNext(DataBufferUtils::release).then();
		}

	}

}
