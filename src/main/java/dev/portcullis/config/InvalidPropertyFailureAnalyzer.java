package dev.portcullis.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidPropertyException}, wherever it sits in the cause chain of a
 * failed start-up, into a short report that names the property instead of a stack trace
 * of the binder.
 */
class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPropertyException cause) {
		return new FailureAnalysis("Invalid configuration: " + cause.getMessage(),
				"Correct the property '" + cause.property() + "' (" + cause.problem() + ") and start again.", cause);
	}

}
