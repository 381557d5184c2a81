package dev.portcullis.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.portcullis.errors.GatewayFailure;
import dev.portcullis.resilience.RetryPolicy.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@code Retries} route filter: {@code - Retries} with the {@code portcullis.retries}
 * defaults, {@code - Retries=2} for at most two attempts, or {@code args}
 * {@code attempts}, {@code statuses}, {@code firstBackoff}, {@code maxBackoff},
 * {@code budgetPercent} and {@code minRetriesPerSecond}. It re-runs the rest of the chain
 * (load balancer included, which picks an instance not tried yet when it can: it keeps
 * them in the exchange attribute {@code portcullis.upstream.tried}, which a retry leaves
 * in place) after a failure that {@link RetryPolicy} deems safe to repeat, waiting as
 * {@link Backoff} says, while the route's {@link RetryBudget} allows. When it does not
 * retry, the client gets the last attempt's failure or response. List it after
 * {@code CircuitBreaker}, so the breaker sees one outcome per client request.
 */
public class RetriesGatewayFilterFactory extends AbstractGatewayFilterFactory<RetriesGatewayFilterFactory.Config> {

	/** The exchange attribute holding how many attempts a request took. */
	static final String ATTEMPTS_ATTRIBUTE = "portcullis.retries.attempts";

	private static final Log logger = LogFactory.getLog(RetriesGatewayFilterFactory.class);

	private final RetriesProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	/** One budget per route id, kept across route refreshes; routes are few. */
	private final Map<String, RetryBudget> budgets = new ConcurrentHashMap<>();

	RetriesGatewayFilterFactory(RetriesProperties properties, MeterRegistry meters, Clock clock) {
		super(Config.class);
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("attempts");
	}

	@Override
	public GatewayFilter apply(Config config) {
		String routeId = (config.getRouteId() != null) ? config.getRouteId() : "-";
		RouteRetries route = new RouteRetries(routeId, policy(routeId, config), backoff(routeId, config),
				budget(routeId, config));
		// A request body is read once from the client; caching it lets a retry send it
		// again (as Spring Cloud Gateway's Retry does). Bodies stay bounded by
		// portcullis.hardening.max-body-size.
		enableBodyCaching(routeId);
		return (exchange, chain) -> {
			route.budget.recordRequest();
			return attempt(route, exchange, chain, 1);
		};
	}

	private Mono<Void> attempt(RouteRetries route, ServerWebExchange exchange, GatewayFilterChain chain, int attempt) {
		exchange.getAttributes().put(ATTEMPTS_ATTRIBUTE, attempt);
		return chain.filter(exchange)
			.materialize()
			.flatMap((signal) -> afterAttempt(route, exchange, chain, attempt, signal));
	}

	private Mono<Void> afterAttempt(RouteRetries route, ServerWebExchange exchange, GatewayFilterChain chain,
			int attempt, Signal<Void> signal) {
		Throwable failure = signal.getThrowable();
		if (!mayRetry(route, exchange, attempt, failure)) {
			return (failure != null) ? Mono.error(failure) : Mono.empty();
		}
		if (!route.budget.tryRetry()) {
			this.meters.counter("portcullis.retries", "route", route.id, "result", "budget_exhausted").increment();
			logger.debug("Route " + route.id + ": retry budget spent; answering with the failed attempt");
			return (failure != null) ? Mono.error(failure) : Mono.empty();
		}
		this.meters.counter("portcullis.retries", "route", route.id, "result", "retried").increment();
		ServerWebExchangeUtils.reset(exchange);
		exchange.getResponse().setStatusCode(null);
		Duration wait = route.backoff.delay(attempt, () -> ThreadLocalRandom.current().nextDouble());
		Mono<Void> next = Mono.defer(() -> attempt(route, exchange, chain, attempt + 1));
		return wait.isZero() ? next : Mono.delay(wait).then(next);
	}

	private boolean mayRetry(RouteRetries route, ServerWebExchange exchange, int attempt, @Nullable Throwable failure) {
		if (exchange.getResponse().isCommitted()) {
			return false;
		}
		String method = exchange.getRequest().getMethod().name();
		if (failure == null) {
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			return status != null && route.policy.shouldRetry(method, Outcome.RESPONSE, status.value(), attempt);
		}
		return route.policy.shouldRetry(method, outcomeOf(failure), 0, attempt);
	}

	/** What the failure tells about whether the request reached the upstream. */
	static Outcome outcomeOf(Throwable failure) {
		return switch (GatewayFailure.of(failure)) {
			case UPSTREAM_REFUSED -> Outcome.NOT_CONNECTED;
			case CONNECT_TIMEOUT -> Outcome.CONNECT_TIMEOUT;
			case UPSTREAM_TIMEOUT -> Outcome.RESPONSE_TIMEOUT;
			case UPSTREAM_BROKEN -> Outcome.BROKEN;
			default -> Outcome.OTHER;
		};
	}

	/**
	 * The route's budget: the one it had when its settings are unchanged (a route refresh
	 * keeps what the window has counted), else a new one.
	 */
	private RetryBudget budget(String routeId, Config config) {
		double percent = (config.getBudgetPercent() != null) ? config.getBudgetPercent()
				: this.properties.budgetPercent();
		int minPerSecond = (config.getMinRetriesPerSecond() != null) ? config.getMinRetriesPerSecond()
				: this.properties.minRetriesPerSecond();
		if (percent < 0 || percent > 100 || minPerSecond < 0) {
			throw new IllegalArgumentException(
					"Route " + routeId + ": Retries needs budgetPercent 0 to 100 and minRetriesPerSecond >= 0");
		}
		int window = (int) this.properties.budgetWindow().toSeconds();
		return this.budgets.compute(routeId,
				(id, old) -> (old != null && old.hasSettings(percent, minPerSecond, window)) ? old
						: new RetryBudget(percent, minPerSecond, window, this.clock));
	}

	private RetryPolicy policy(String routeId, Config config) {
		int attempts = (config.getAttempts() != null) ? config.getAttempts() : this.properties.attempts();
		if (attempts < 1 || attempts > 10) {
			throw new IllegalArgumentException("Route " + routeId + ": Retries attempts must be between 1 and 10");
		}
		List<Integer> statuses = (config.getStatuses() != null) ? config.getStatuses() : this.properties.statuses();
		return new RetryPolicy(attempts, new HashSet<>(statuses));
	}

	private Backoff backoff(String routeId, Config config) {
		Duration first = (config.getFirstBackoff() != null) ? config.getFirstBackoff() : this.properties.firstBackoff();
		Duration max = (config.getMaxBackoff() != null) ? config.getMaxBackoff() : this.properties.maxBackoff();
		if (first.isNegative() || max.compareTo(first) < 0) {
			throw new IllegalArgumentException("Route " + routeId + ": Retries needs 0 <= firstBackoff <= maxBackoff");
		}
		return new Backoff(first, max);
	}

	/** The resolved retry settings of one route. */
	private record RouteRetries(String id, RetryPolicy policy, Backoff backoff, RetryBudget budget) {

	}

	/**
	 * Arguments of one {@code Retries} filter; a {@code null} field takes the
	 * {@code portcullis.retries} default.
	 */
	public static class Config implements HasRouteId {

		private @Nullable String routeId;

		private @Nullable Integer attempts;

		private @Nullable List<Integer> statuses;

		private @Nullable Duration firstBackoff;

		private @Nullable Duration maxBackoff;

		private @Nullable Double budgetPercent;

		private @Nullable Integer minRetriesPerSecond;

		@Override
		public void setRouteId(String routeId) {
			this.routeId = routeId;
		}

		@Override
		public @Nullable String getRouteId() {
			return this.routeId;
		}

		public @Nullable Integer getAttempts() {
			return this.attempts;
		}

		public void setAttempts(@Nullable Integer attempts) {
			this.attempts = attempts;
		}

		public @Nullable List<Integer> getStatuses() {
			return this.statuses;
		}

		public void setStatuses(@Nullable List<Integer> statuses) {
			this.statuses = statuses;
		}

		public @Nullable Duration getFirstBackoff() {
			return this.firstBackoff;
		}

		public void setFirstBackoff(@Nullable Duration firstBackoff) {
			this.firstBackoff = firstBackoff;
		}

		public @Nullable Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(@Nullable Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public @Nullable Double getBudgetPercent() {
			return this.budgetPercent;
		}

		public void setBudgetPercent(@Nullable Double budgetPercent) {
			this.budgetPercent = budgetPercent;
		}

		public @Nullable Integer getMinRetriesPerSecond() {
			return this.minRetriesPerSecond;
		}

		public void setMinRetriesPerSecond(@Nullable Integer minRetriesPerSecond) {
			this.minRetriesPerSecond = minRetriesPerSecond;
		}

	}

}
