package dev.portcullis.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.portcullis.ratelimit.GcraPolicy.Decision;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.StreamUtils;

/**
 * Keeps the TATs in Redis, shared by every replica. All limits of a request are decided
 * in one round trip by {@code gcra.lua}, which Spring Data sends by its SHA (EVALSHA) and
 * loads only when Redis does not know it yet. The limits of one key share a hash tag, so
 * on Redis Cluster they live in one slot as a multi-key script requires.
 */
final class RedisRateLimitStore implements RateLimitStore {

	static final String KEY_PREFIX = "portcullis:ratelimit:";

	private static final String SCRIPT_RESOURCE = "dev/portcullis/ratelimit/gcra.lua";

	private final ReactiveStringRedisTemplate redis;

	private final RedisScript<String> script;

	RedisRateLimitStore(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
		this.script = RedisScript.of(readScript(), String.class);
	}

	/**
	 * Reads the script once, at start-up: Spring Data would otherwise read the resource
	 * on the event loop whenever Redis answers NOSCRIPT.
	 */
	private static String readScript() {
		try (InputStream in = new ClassPathResource(SCRIPT_RESOURCE).getInputStream()) {
			return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + SCRIPT_RESOURCE, ex);
		}
	}

	@Override
	public Mono<Decision> acquire(String key, List<Limit> limits) {
		return run("acquire", key, limits).map((reply) -> GcraPolicy.acquire(limits, reply.tats(), reply.now()));
	}

	@Override
	public Mono<Decision> peek(String key, List<Limit> limits) {
		return run("peek", key, limits).map((reply) -> GcraPolicy.peek(limits, reply.tats(), reply.now()));
	}

	@Override
	public Mono<Void> reset(String key, List<Limit> limits) {
		return this.redis.delete(keys(key, limits).toArray(String[]::new)).then();
	}

	private Mono<Reply> run(String mode, String key, List<Limit> limits) {
		List<String> args = new ArrayList<>(1 + 2 * limits.size());
		args.add(mode);
		for (Limit limit : limits) {
			args.add(Long.toString(limit.intervalMicros()));
			args.add(Long.toString(limit.toleranceMicros()));
		}
		return this.redis.execute(this.script, keys(key, limits), args).next().map(Reply::parse);
	}

	private static List<String> keys(String key, List<Limit> limits) {
		return limits.stream().map((limit) -> KEY_PREFIX + "{" + key + "}:" + limit.name()).toList();
	}

	/** The script's answer: Redis's clock and the TATs before the call. */
	private record Reply(long now, long[] tats) {

		static Reply parse(String reply) {
			String[] parts = reply.split(" ");
			long[] tats = new long[parts.length - 2];
			for (int i = 0; i < tats.length; i++) {
				tats[i] = Long.parseLong(parts[i + 2]);
			}
			return new Reply(Long.parseLong(parts[1]), tats);
		}

	}

}
