package dev.portcullis.errors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Installs the problem+json handler ahead of Spring Boot's default error handler (order
 * -1).
 */
@Configuration(proxyBeanMethods = false)
class ErrorsConfiguration {

	@Bean
	@Order(-2)
	ProblemDetailsHandler problemDetailsHandler() {
		return new ProblemDetailsHandler();
	}

}
