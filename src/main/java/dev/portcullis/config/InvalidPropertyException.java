package dev.portcullis.config;

/**
 * Thrown at start-up when a {@code portcullis.*} property has a value the gateway cannot
 * use; the message names the property and the problem.
 */
public class InvalidPropertyException extends IllegalArgumentException {

	private final String property;

	private final String problem;

	public InvalidPropertyException(String property, String problem) {
		super(property + ": " + problem);
		this.property = property;
		this.problem = problem;
	}

	public String property() {
		return this.property;
	}

	public String problem() {
		return this.problem;
	}

}
