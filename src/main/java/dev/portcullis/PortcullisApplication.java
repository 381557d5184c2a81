package dev.portcullis;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts the Portcullis gateway.
 * <p>
 * Auto-configurations of libraries on the class path that Portcullis does not use are
 * left out (README sections 11 and 23):
 * <ul>
 * <li>Lettuce's observation, a timer and a span per Redis command: 7 % of the CPU of a
 * request through RateLimit and ResponseCache with the Redis stores, in a profile. The
 * stores count their own errors and timeouts.</li>
 * <li>Spring Data Redis repositories: Portcullis has none.</li>
 * <li>Spring Cloud Gateway's RequestRateLimiter with its Redis rate limiter: the
 * RateLimit filter replaces it.</li>
 * <li>Resilience4j's modules other than the circuit breaker: retries and rate limits are
 * Portcullis' own, bulkheads are off ({@code spring.cloud.circuitbreaker.bulkhead}).</li>
 * </ul>
 * The unused ones cost start-up time and memory.
 */
@SpringBootApplication(excludeName = {
		"org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
		"org.springframework.boot.data.autoconfigure.metrics.DataRepositoryMetricsAutoConfiguration",
		"org.springframework.cloud.gateway.config.GatewayRedisAutoConfiguration",
		"io.github.resilience4j.springboot3.bulkhead.autoconfigure.BulkheadAutoConfiguration",
		"io.github.resilience4j.springboot3.bulkhead.autoconfigure.BulkheadMetricsAutoConfiguration",
		"io.github.resilience4j.springboot3.bulkhead.autoconfigure.ThreadPoolBulkheadMetricsAutoConfiguration",
		"io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration",
		"io.github.resilience4j.springboot3.retry.autoconfigure.RetryMetricsAutoConfiguration",
		"io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimiterAutoConfiguration",
		"io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimiterMetricsAutoConfiguration",
		"io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimitersHealthIndicatorAutoConfiguration",
		"io.github.resilience4j.springboot3.micrometer.autoconfigure.TimerAutoConfiguration",
		"io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerStreamEventsAutoConfiguration" })
@ConfigurationPropertiesScan
public class PortcullisApplication {

	/** Reactor Netty's system property for the number of its event-loop threads. */
	static final String IO_WORKER_COUNT = "reactor.netty.ioWorkerCount";

	public static void main(String[] args) {
		oneEventLoopPerCpu();
		SpringApplication application = new SpringApplication(PortcullisApplication.class);
		// Decided here, not by spring.main.web-application-type: Boot reads that property
		// only after it has built the environment, and converting a servlet environment
		// then loses spring.profiles.default (the demo) when a servlet stack is present.
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		application.run(args);
	}

	/**
	 * One Netty event loop per CPU the JVM may use (in a container: its CPU limit), as
	 * nginx's {@code worker_processes auto}, unless {@code -Dreactor.netty.ioWorkerCount}
	 * says otherwise. Reactor Netty's default is at least four: on fewer CPUs the loops
	 * take turns on one core and hand every proxied request from one to another, which
	 * cost up to half of the gateway's CPU per request in the benchmark (README section
	 * 23). Must run before any Reactor Netty class reads the property.
	 */
	static void oneEventLoopPerCpu() {
		if (System.getProperty(IO_WORKER_COUNT) == null) {
			System.setProperty(IO_WORKER_COUNT, String.valueOf(Runtime.getRuntime().availableProcessors()));
		}
	}

}
