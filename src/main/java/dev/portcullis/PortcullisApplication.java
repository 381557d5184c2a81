package dev.portcullis;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts the Portcullis gateway.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PortcullisApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(PortcullisApplication.class);
		// Decided here, not by spring.main.web-application-type: Boot reads that property
		// only after it has built the environment, and converting a servlet environment
		// then loses spring.profiles.default (the demo) when a servlet stack is present.
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		application.run(args);
	}

}
