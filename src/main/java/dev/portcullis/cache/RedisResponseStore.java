package dev.portcullis.cache;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Stored responses in Redis, shared by every gateway that names the same Redis. Layout:
 * one hash per cache key ({@code portcullis:cache:e:<url>}, a field per variant), which
 * expires when its longest-lived variant can no longer be served; a sorted set per route
 * ({@code portcullis:cache:route:<id>}) of its keys, scored by expiry, for purge by
 * route; and a short-lived fetch lock per key ({@code portcullis:cache:lock:<url>}) for
 * request collapsing across gateways. Every call on the request path is bounded by
 * {@code timeout}; purges, which are admin calls, by {@link #PURGE_TIMEOUT}.
 */
final class RedisResponseStore implements ResponseStore {

	static final String ENTRY_PREFIX = "portcullis:cache:e:";

	static final String ROUTE_PREFIX = "portcullis:cache:route:";

	static final String LOCK_PREFIX = "portcullis:cache:lock:";

	static final Duration PURGE_TIMEOUT = Duration.ofSeconds(30);

	/** The most keys one purge by prefix visits, so a purge cannot run for ever. */
	static final int PURGE_SCAN_LIMIT = 1_000_000;

	/** Stores a variant and extends the hash's expiry, never shortening it. */
	private static final RedisScript<Long> PUT = RedisScript.of("""
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
			local ttl = tonumber(ARGV[3])
			if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
			return 1
			""", Long.class);

	/** Records a key in its route's index with the later of the two expiries. */
	private static final RedisScript<Long> INDEX = RedisScript.of("""
			local score = tonumber(ARGV[2])
			local old = redis.call('ZSCORE', KEYS[1], ARGV[1])
			if (not old) or tonumber(old) < score then redis.call('ZADD', KEYS[1], score, ARGV[1]) end
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
			local ttl = tonumber(ARGV[4])
			if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
			return 1
			""", Long.class);

	private static final RedisScript<Long> UNLOCK = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""", Long.class);

	private final ReactiveRedisTemplate<String, byte[]> bytes;

	private final ReactiveStringRedisTemplate strings;

	private final Duration timeout;

	private final Clock clock;

	private final String lockToken = UUID.randomUUID().toString();

	RedisResponseStore(ReactiveRedisTemplate<String, byte[]> bytes, ReactiveStringRedisTemplate strings,
			Duration timeout, Clock clock) {
		this.bytes = bytes;
		this.strings = strings;
		this.timeout = timeout;
		this.clock = clock;
	}

	@Override
	public Mono<List<StoredResponse>> variants(String key) {
		return this.bytes.<String, byte[]>opsForHash()
			.values(ENTRY_PREFIX + key)
			.mapNotNull(StoredResponseCodec::decode)
			.collectList()
			.timeout(this.timeout);
	}

	@Override
	public Mono<Void> put(String key, StoredResponse response, Duration retention) {
		long ttlMillis = Math.max(1, retention.toMillis());
		long now = this.clock.millis();
		Mono<Long> entry = this.bytes
			.execute(PUT, List.of(ENTRY_PREFIX + key),
					List.of(utf8(response.variantId()), StoredResponseCodec.encode(response), utf8(ttlMillis)))
			.next();
		Mono<Long> index = this.strings
			.execute(INDEX, List.of(ROUTE_PREFIX + response.routeId()),
					List.of(key, String.valueOf(now + ttlMillis), String.valueOf(now), String.valueOf(ttlMillis)))
			.next();
		return entry.then(index).timeout(this.timeout).then();
	}

	@Override
	public Mono<Long> remove(String key) {
		return this.strings.delete(ENTRY_PREFIX + key).timeout(PURGE_TIMEOUT);
	}

	@Override
	public Mono<Long> removeByPrefix(String prefix) {
		ScanOptions options = ScanOptions.scanOptions()
			.match(ENTRY_PREFIX + escapeGlob(prefix) + "*")
			.count(500)
			.build();
		return this.strings.scan(options)
			.take(PURGE_SCAN_LIMIT)
			.buffer(500)
			.concatMap((keys) -> this.strings.delete(keys.toArray(String[]::new)))
			.reduce(0L, Long::sum)
			.timeout(PURGE_TIMEOUT);
	}

	@Override
	public Mono<Long> removeByRoute(String routeId) {
		String index = ROUTE_PREFIX + routeId;
		return this.strings.opsForZSet()
			.range(index, org.springframework.data.domain.Range.unbounded())
			.map((key) -> ENTRY_PREFIX + key)
			.buffer(500)
			.concatMap((keys) -> this.strings.delete(keys.toArray(String[]::new)))
			.reduce(0L, Long::sum)
			.flatMap((removed) -> this.strings.delete(index).thenReturn(removed))
			.timeout(PURGE_TIMEOUT);
	}

	@Override
	public Mono<Boolean> tryLock(String key, Duration ttl) {
		return this.strings.opsForValue()
			.setIfAbsent(LOCK_PREFIX + key, this.lockToken, ttl)
			.defaultIfEmpty(false)
			.timeout(this.timeout);
	}

	@Override
	public Mono<Boolean> isLocked(String key) {
		return this.strings.hasKey(LOCK_PREFIX + key).defaultIfEmpty(false).timeout(this.timeout);
	}

	@Override
	public Mono<Void> unlock(String key) {
		return this.strings.execute(UNLOCK, List.of(LOCK_PREFIX + key), List.of(this.lockToken))
			.then()
			.timeout(this.timeout);
	}

	private static byte[] utf8(Object value) {
		return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
	}

	/** Escapes the characters SCAN's MATCH pattern treats specially. */
	static String escapeGlob(String literal) {
		StringBuilder escaped = new StringBuilder(literal.length());
		for (char c : literal.toCharArray()) {
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

}
