package dev.portcullis.resilience;

import java.time.Duration;
import java.util.List;

import dev.portcullis.config.InvalidPropertyException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Defaults of the {@code Retries} route filter and its retry budget.
 *
 * @param attempts the most attempts of one request, the first one included; a route
 * overrides it with {@code attempts}
 * @param statuses upstream statuses after which an idempotent request is retried
 * @param firstBackoff the ceiling of the random wait before the first retry
 * @param maxBackoff the largest ceiling of the random wait, however many retries
 * @param budgetPercent retries allowed as a percentage of a route's requests in the
 * budget window
 * @param minRetriesPerSecond retries a second a route may always make, whatever its
 * traffic
 * @param budgetWindow the sliding window the budget counts over, in whole seconds
 */
@ConfigurationProperties("portcullis.retries")
public record RetriesProperties(@DefaultValue("3") int attempts, @DefaultValue( {
		"502", "503", "504" }) List<Integer> statuses, @DefaultValue("50ms") Duration firstBackoff,
		@DefaultValue("1s") Duration maxBackoff, @DefaultValue("20") double budgetPercent,
		@DefaultValue("10") int minRetriesPerSecond, @DefaultValue("10s") Duration budgetWindow){

	public RetriesProperties {
		if (attempts < 1 || attempts > 10) {
			throw new InvalidPropertyException("portcullis.retries.attempts", "must be between 1 and 10");
		}
		for (int i = 0; i < statuses.size(); i++) {
			if (statuses.get(i) < 100 || statuses.get(i) > 599) {
				throw new InvalidPropertyException("portcullis.retries.statuses[" + i + "]",
						"not an HTTP status code (100 to 599)");
			}
		}
		if (firstBackoff.isNegative()) {
			throw new InvalidPropertyException("portcullis.retries.first-backoff", "must not be negative");
		}
		if (maxBackoff.compareTo(firstBackoff) < 0) {
			throw new InvalidPropertyException("portcullis.retries.max-backoff", "must not be below first-backoff");
		}
		if (budgetPercent < 0 || budgetPercent > 100) {
			throw new InvalidPropertyException("portcullis.retries.budget-percent", "must be between 0 and 100");
		}
		if (minRetriesPerSecond < 0) {
			throw new InvalidPropertyException("portcullis.retries.min-retries-per-second", "must not be negative");
		}
		if (budgetWindow.toSeconds() < 1 || budgetWindow.toSeconds() > 300) {
			throw new InvalidPropertyException("portcullis.retries.budget-window", "must be between 1s and 300s");
		}
	}

}
