package dev.portcullis.upstream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One instance of a group as the balancer sees it: its address and weight, the requests
 * it is serving now, what active health checks say of it, and whether it is ejected for
 * failing. Thread-safe: the counters are atomic and the rest is guarded by the instance.
 */
final class UpstreamInstance {

	private final String id;

	private final URI uri;

	private final int weight;

	private final String stickyId;

	private final AtomicInteger inFlight = new AtomicInteger();

	private boolean healthy = true;

	private int checkPasses;

	private int checkFails;

	private int consecutiveFailures;

	private int ejections;

	private long ejectedUntilMillis;

	private long lastEjectedMillis;

	UpstreamInstance(String host, int port, boolean secure, int weight) {
		this.id = host + ":" + port;
		this.uri = URI.create((secure ? "https" : "http") + "://" + this.id);
		this.weight = weight;
		this.stickyId = opaque(this.id);
	}

	/** {@code host:port}. */
	String id() {
		return this.id;
	}

	URI uri() {
		return this.uri;
	}

	boolean isSecure() {
		return "https".equals(this.uri.getScheme());
	}

	int weight() {
		return this.weight;
	}

	/**
	 * The instance's name in a sticky cookie: a hash of its id, so the cookie does not
	 * show the upstream address, and the same on every replica of the gateway.
	 */
	String stickyId() {
		return this.stickyId;
	}

	int inFlight() {
		return this.inFlight.get();
	}

	void begin() {
		this.inFlight.incrementAndGet();
	}

	void end() {
		this.inFlight.decrementAndGet();
	}

	synchronized boolean isHealthy() {
		return this.healthy;
	}

	/**
	 * Counts the result of one active health check.
	 * @return whether this made the instance healthy or unhealthy
	 */
	synchronized boolean recordCheck(boolean passed, HealthCheck settings) {
		if (passed) {
			this.checkFails = 0;
			this.checkPasses++;
			if (!this.healthy && this.checkPasses >= settings.healthyThreshold()) {
				this.healthy = true;
				// A recovered instance starts afresh, as Envoy's
				// successful_active_health_check_uneject_host does.
				this.ejectedUntilMillis = 0;
				this.consecutiveFailures = 0;
				return true;
			}
			return false;
		}
		this.checkPasses = 0;
		this.checkFails++;
		if (this.healthy && this.checkFails >= settings.unhealthyThreshold()) {
			this.healthy = false;
			return true;
		}
		return false;
	}

	synchronized boolean isEjected(long nowMillis) {
		return nowMillis < this.ejectedUntilMillis;
	}

	synchronized long ejectedUntilMillis() {
		return this.ejectedUntilMillis;
	}

	synchronized int consecutiveFailures() {
		return this.consecutiveFailures;
	}

	synchronized int ejections() {
		return this.ejections;
	}

	/**
	 * Counts a failed request.
	 * @return the failures in a row so far
	 */
	synchronized int recordFailure() {
		return ++this.consecutiveFailures;
	}

	/**
	 * Counts a successful request. An instance that has gone {@code forgiveAfterMillis}
	 * since its last ejection without another has its ejection count reset, so the next
	 * ejection is short again.
	 */
	synchronized void recordSuccess(long nowMillis, long forgiveAfterMillis) {
		this.consecutiveFailures = 0;
		if (this.ejections > 0 && nowMillis >= this.ejectedUntilMillis
				&& nowMillis - this.lastEjectedMillis >= forgiveAfterMillis) {
			this.ejections = 0;
		}
	}

	/** Ejects the instance until {@code now + base × ejections}, at most {@code max}. */
	synchronized void eject(long nowMillis, long baseMillis, long maxMillis) {
		this.ejections++;
		this.consecutiveFailures = 0;
		this.lastEjectedMillis = nowMillis;
		this.ejectedUntilMillis = nowMillis + Math.min(maxMillis, baseMillis * this.ejections);
	}

	private static String opaque(String id) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	@Override
	public String toString() {
		return this.id;
	}

}
