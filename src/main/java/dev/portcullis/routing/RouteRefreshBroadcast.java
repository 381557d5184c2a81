package dev.portcullis.routing;

import java.time.Duration;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.cloud.gateway.actuate.AbstractGatewayControllerEndpoint;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/**
 * Carries a route refresh from one replica to all: a refresh requested through
 * {@code POST /actuator/gateway/refresh} bumps a version number in Redis and is published
 * on a Redis channel, and every replica that receives it refreshes its routes from the
 * store. A replica ignores its own messages. Pub/sub delivers at most once and a
 * subscription can silently lapse when Redis restarts, so each replica also compares the
 * version every {@code resync-interval} and refreshes when it changed.
 */
final class RouteRefreshBroadcast implements ApplicationListener<RefreshRoutesEvent>, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RouteRefreshBroadcast.class);

	private final String self = UUID.randomUUID().toString();

	private final ReactiveStringRedisTemplate redis;

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final ApplicationEventPublisher publisher;

	private final RoutingProperties properties;

	private final String versionKey;

	private volatile @Nullable String versionSeen;

	private volatile @Nullable Disposable subscription;

	private volatile @Nullable Disposable resync;

	RouteRefreshBroadcast(ReactiveStringRedisTemplate redis, ReactiveRedisConnectionFactory connectionFactory,
			ApplicationEventPublisher publisher, RoutingProperties properties) {
		this.redis = redis;
		this.connectionFactory = connectionFactory;
		this.publisher = publisher;
		this.properties = properties;
		this.versionKey = properties.redisKey() + ":version";
	}

	@Override
	public void onApplicationEvent(RefreshRoutesEvent event) {
		if (!(event.getSource() instanceof AbstractGatewayControllerEndpoint)) {
			return;
		}
		// Fire-and-forget: the local refresh is already under way and must not wait for
		// Redis; the publish is bounded by the timeout and its failure is logged.
		this.redis.opsForValue()
			.increment(this.versionKey)
			.doOnNext((version) -> this.versionSeen = String.valueOf(version))
			.then(this.redis.convertAndSend(this.properties.redisChannel(), this.self))
			.timeout(this.properties.redisTimeout())
			.subscribe((receivers) -> logger.debug("Route refresh sent to " + receivers + " replicas"),
					(ex) -> logger.warn("Could not tell other replicas to refresh their routes: " + ex));
	}

	@Override
	public void start() {
		// The listener container connects when it is created, so it is created here, off
		// the start-up path and again after each failure: a replica that starts while
		// Redis is down must start, and join the channel once Redis is back.
		this.subscription = Flux
			.usingWhen(
					Mono.fromCallable(() -> new ReactiveRedisMessageListenerContainer(this.connectionFactory))
						.subscribeOn(Schedulers.boundedElastic()),
					(container) -> container.receiveLater(ChannelTopic.of(this.properties.redisChannel()))
						.doOnNext((ignored) -> refreshLocally("subscribed to " + this.properties.redisChannel()))
						.flatMapMany((messages) -> messages),
					ReactiveRedisMessageListenerContainer::destroyLater)
			.filter((message) -> !this.self.equals(message.getMessage()))
			.doOnNext((message) -> refreshLocally("another replica refreshed its routes"))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500))
				.maxBackoff(Duration.ofSeconds(10))
				.doBeforeRetry(
						(signal) -> logger.warn("Route refresh channel lost, resubscribing: " + signal.failure())))
			.subscribe();
		this.resync = Flux.interval(this.properties.resyncInterval())
			.concatMap((tick) -> this.redis.opsForValue()
				.get(this.versionKey)
				.timeout(this.properties.redisTimeout())
				.onErrorResume((ex) -> Mono.empty()))
			.subscribe(this::resyncTo);
	}

	private void resyncTo(String version) {
		String seen = this.versionSeen;
		this.versionSeen = version;
		// The first version read is compared with nothing: refresh once then too, in case
		// a change (and its message) came between start-up and this first check.
		if (!version.equals(seen)) {
			refreshLocally("the route version in Redis changed");
		}
	}

	private void refreshLocally(String reason) {
		logger.info("Refreshing routes: " + reason);
		// The signals arrive on Redis client (Netty) threads, which must not block; the
		// event's listeners (Spring Cloud Gateway's route caches, the route index) may
		// wait for locks held by the main thread during start-up.
		Schedulers.boundedElastic().schedule(() -> this.publisher.publishEvent(new RefreshRoutesEvent(this)));
	}

	@Override
	public void stop() {
		for (Disposable disposable : new Disposable[] { this.subscription, this.resync }) {
			if (disposable != null) {
				disposable.dispose();
			}
		}
		this.subscription = null;
		this.resync = null;
	}

	@Override
	public boolean isRunning() {
		return this.subscription != null;
	}

}
