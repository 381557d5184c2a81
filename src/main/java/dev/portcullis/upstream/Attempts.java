package dev.portcullis.upstream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.web.server.ServerWebExchange;

/**
 * The instances an exchange has been sent to so far, shared between the balancer and
 * whatever retries the exchange: each time the balancer picks an instance it adds the
 * instance's id ({@code host:port}) here, and it avoids the instances in the set while
 * another eligible one exists, so a retry goes to a different instance.
 */
public final class Attempts {

	/**
	 * The exchange attribute that holds the {@code Set<String>} of tried instance ids.
	 */
	public static final String TRIED_ATTRIBUTE = "portcullis.upstream.tried";

	private Attempts() {
	}

	/** The ids of the instances tried so far; created empty when absent. */
	@SuppressWarnings("unchecked") // the attribute only ever holds a Set<String>
	public static Set<String> tried(ServerWebExchange exchange) {
		return (Set<String>) exchange.getAttributes()
			.computeIfAbsent(TRIED_ATTRIBUTE, (key) -> ConcurrentHashMap.<String>newKeySet());
	}

}
