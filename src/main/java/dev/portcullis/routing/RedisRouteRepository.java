package dev.portcullis.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.portcullis.errors.ExplainedStatusException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionRepository;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.data.redis.core.ReactiveHashOperations;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;

/**
 * Keeps the routes created through {@code /actuator/gateway/routes} in one Redis hash
 * (field: route id, value: the definition as JSON), so that every replica serves them and
 * they survive restarts. A definition is built into a route before it is stored, so a bad
 * one is refused with 400 and nothing changes. Reads fall back to the routes last read
 * when Redis fails or is slow, so an outage never empties the routing table; writes fail
 * with 503 instead, since the caller must know the route was not stored.
 */
final class RedisRouteRepository implements RouteDefinitionRepository {

	private static final Log logger = LogFactory.getLog(RedisRouteRepository.class);

	private final ReactiveHashOperations<String, String, String> hash;

	private final JsonMapper json;

	private final RouteValidator validator;

	private final RoutingProperties properties;

	private final AtomicReference<List<RouteDefinition>> lastRead = new AtomicReference<>(List.of());

	RedisRouteRepository(ReactiveStringRedisTemplate redis, JsonMapper json, RouteValidator validator,
			RoutingProperties properties) {
		this.hash = redis.opsForHash();
		this.json = json;
		this.validator = validator;
		this.properties = properties;
	}

	@Override
	public Flux<RouteDefinition> getRouteDefinitions() {
		return this.hash.values(this.properties.redisKey())
			.flatMap(this::decode)
			.collectList()
			.timeout(this.properties.redisTimeout())
			.doOnNext(this.lastRead::set)
			.onErrorResume((ex) -> {
				logger.warn("Route store in Redis unavailable (" + ex + "); serving the " + this.lastRead.get().size()
						+ " stored routes last read");
				return Mono.just(this.lastRead.get());
			})
			.flatMapMany(Flux::fromIterable);
	}

	@Override
	public Mono<Void> save(Mono<RouteDefinition> route) {
		return route.flatMap(this.validator::validate)
			.flatMap((definition) -> this.hash.put(this.properties.redisKey(), definition.getId(), encode(definition))
				.timeout(this.properties.redisTimeout())
				.onErrorMap(RedisRouteRepository::unavailable))
			.then();
	}

	@Override
	public Mono<Void> delete(Mono<String> routeId) {
		return routeId.flatMap((id) -> this.hash.remove(this.properties.redisKey(), id)
			.timeout(this.properties.redisTimeout())
			.onErrorMap(RedisRouteRepository::unavailable)
			.flatMap((removed) -> (removed > 0) ? Mono.<Void>empty()
					: Mono.error(new NotFoundException("RouteDefinition not found: " + id))));
	}

	private Mono<RouteDefinition> decode(String value) {
		try {
			return Mono.just(this.json.readValue(value, RouteDefinition.class));
		}
		catch (JacksonException ex) {
			logger.error("Skipping a route in Redis hash " + this.properties.redisKey() + " that is not valid JSON: "
					+ ex.getOriginalMessage());
			return Mono.empty();
		}
	}

	private String encode(RouteDefinition definition) {
		return this.json.writeValueAsString(definition);
	}

	private static Throwable unavailable(Throwable ex) {
		return new ExplainedStatusException(HttpStatus.SERVICE_UNAVAILABLE,
				"The route store in Redis did not answer in time; the change may not have been stored", ex);
	}

}
