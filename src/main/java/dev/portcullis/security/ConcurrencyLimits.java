package dev.portcullis.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests in flight, in all and per client, against two maxima. The map of
 * clients holds only clients with a request in flight, so it never has more entries than
 * the global maximum.
 */
final class ConcurrencyLimits {

	/** Whether a request may start, and if not, which limit stopped it. */
	enum Decision {

		/** Admitted; release it when it ends. */
		ADMITTED,

		/** The gateway has as many requests in flight as it accepts. */
		GATEWAY_FULL,

		/** This client has as many requests in flight as it may. */
		CLIENT_FULL

	}

	private final int maxTotal;

	private final int maxPerClient;

	private final AtomicInteger total = new AtomicInteger();

	private final ConcurrentHashMap<String, Integer> perClient = new ConcurrentHashMap<>();

	ConcurrencyLimits(int maxTotal, int maxPerClient) {
		this.maxTotal = maxTotal;
		this.maxPerClient = maxPerClient;
	}

	/**
	 * Starts a request of {@code client} if both limits allow it. The client's own limit
	 * is checked first, so a client that floods the gateway learns that it is the one to
	 * slow down.
	 */
	Decision acquire(String client) {
		boolean[] admitted = { false };
		this.perClient.compute(client, (key, count) -> {
			int current = (count != null) ? count : 0;
			if (current >= this.maxPerClient) {
				return count;
			}
			admitted[0] = true;
			return current + 1;
		});
		if (!admitted[0]) {
			return Decision.CLIENT_FULL;
		}
		if (this.total.incrementAndGet() > this.maxTotal) {
			release(client);
			return Decision.GATEWAY_FULL;
		}
		return Decision.ADMITTED;
	}

	/** Ends an admitted request of {@code client}. */
	void release(String client) {
		this.perClient.computeIfPresent(client, (key, count) -> (count > 1) ? count - 1 : null);
		this.total.decrementAndGet();
	}

	int inFlight() {
		return this.total.get();
	}

	int clients() {
		return this.perClient.size();
	}

}
