package dev.portcullis.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.channel.ChannelOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the active health checks of every group that has a {@code health-check.path}: a
 * {@code GET} of the path on each instance every interval, on a new connection each time
 * (a pooled one could hide a listener that no longer accepts), bounded by the timeout.
 * All of it is non-blocking, on the gateway's event loops.
 */
final class HealthChecker implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HealthChecker.class);

	private final Balancer balancer;

	private final HttpClient client;

	private final List<Disposable> schedules = new ArrayList<>();

	private volatile boolean running;

	HealthChecker(Balancer balancer, HttpClient client) {
		this.balancer = balancer;
		this.client = client.headers((headers) -> headers.set("User-Agent", "Portcullis-HealthCheck"));
	}

	@Override
	public synchronized void start() {
		for (GroupBalancer group : this.balancer.all()) {
			// Tracks the instances now, so that their gauges exist from the start.
			group.instances();
			HealthCheck settings = group.settings().healthCheck();
			if (settings.isEnabled()) {
				this.schedules.add(Flux.interval(Duration.ZERO, settings.interval())
					.onBackpressureDrop()
					.concatMap((tick) -> checkAll(group, settings), 1)
					.subscribe());
			}
		}
		this.running = true;
	}

	/** Starts over with the groups and settings the balancer has now. */
	synchronized void restart() {
		stop();
		start();
	}

	private Mono<Void> checkAll(GroupBalancer group, HealthCheck settings) {
		return Flux.fromIterable(group.instances())
			.flatMap((instance) -> check(instance, settings)
				.doOnNext((passed) -> record(group, instance, settings, passed)))
			.then();
	}

	/** Whether the instance answered the check with 2xx or 3xx within the timeout. */
	Mono<Boolean> check(UpstreamInstance instance, HealthCheck settings) {
		URI uri = instance.uri().resolve(settings.path());
		Duration timeout = settings.timeout();
		return this.client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
			.responseTimeout(timeout)
			.get()
			.uri(uri)
			.response()
			.map((response) -> response.status().code() >= 200 && response.status().code() < 400)
			.timeout(timeout)
			.onErrorReturn(false)
			.defaultIfEmpty(false);
	}

	private void record(GroupBalancer group, UpstreamInstance instance, HealthCheck settings, boolean passed) {
		if (instance.recordCheck(passed, settings)) {
			logger.warn("Upstream " + group.name() + " instance " + instance.id() + " is now "
					+ (passed ? "healthy" : "unhealthy") + " by its health checks");
		}
	}

	@Override
	public synchronized void stop() {
		this.schedules.forEach(Disposable::dispose);
		this.schedules.clear();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
