package dev.portcullis.admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares what the rest of the gateway needs to know of the management server.
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

	@Bean
	static ManagementServer managementServer() {
		return new ManagementServer();
	}

}
