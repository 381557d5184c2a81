package dev.portcullis.resilience;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * The first step of a graceful stop: readiness turns DOWN, and the gateway keeps serving
 * for {@code portcullis.shutdown.readiness-delay} while Kubernetes takes the pod out of
 * its Service's endpoints (which it does asynchronously, so without the delay new
 * connections would still arrive at a gateway that refuses them). Only then does Spring
 * Boot's graceful shutdown stop accepting connections and wait for in-flight requests.
 * <p>
 * It runs on the thread that closes the context (the JVM's shutdown hook on SIGTERM),
 * never on an event loop, so waiting here holds up nothing but the shutdown.
 */
class ReadinessDrain implements ApplicationListener<ContextClosedEvent>, Ordered {

	private static final Log logger = LogFactory.getLog(ReadinessDrain.class);

	private final ApplicationContext context;

	private final Duration delay;

	ReadinessDrain(ApplicationContext context, Duration delay) {
		this.context = context;
		this.delay = delay;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() != this.context) {
			// The management context's close reaches this listener too.
			return;
		}
		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		if (this.delay.isZero()) {
			return;
		}
		logger.info("Readiness is DOWN; serving " + this.delay.toMillis() + " ms more before the graceful shutdown");
		try {
			Thread.sleep(this.delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Before the listener that closes the management context, so readiness probes see
	 * DOWN (rather than a refused connection) during the delay.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
