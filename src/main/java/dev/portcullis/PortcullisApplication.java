package dev.portcullis;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts the Portcullis gateway.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PortcullisApplication {

	public static void main(String[] args) {
		SpringApplication.run(PortcullisApplication.class, args);
	}

}
