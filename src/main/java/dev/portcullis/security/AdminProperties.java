package dev.portcullis.security;

import dev.portcullis.config.InvalidPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The credentials of the management (Actuator) endpoints that need them.
 *
 * @param username the admin user name
 * @param password the admin password, usually from the {@code PORTCULLIS_ADMIN_PASSWORD}
 * environment variable; when unset a random one is generated at start-up and logged once
 */
@ConfigurationProperties("portcullis.admin")
public record AdminProperties(@DefaultValue("admin") String username, @Nullable String password) {

	public AdminProperties {
		if (username.isBlank() || username.contains(":")) {
			throw new InvalidPropertyException("portcullis.admin.username",
					"must not be blank or contain ':' (HTTP Basic separates user and password with it)");
		}
	}

}
