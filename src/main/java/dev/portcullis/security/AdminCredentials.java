package dev.portcullis.security;

import java.security.SecureRandom;
import java.util.Base64;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The admin user name and password in effect: the configured password, or a random one
 * made (and logged once) at start-up when none is configured.
 *
 * @param username the admin user name
 * @param password the password in clear, held only to build the encoded user at start-up
 * @param generated whether the password was generated
 */
record AdminCredentials(String username, String password, boolean generated) {

	private static final Log logger = LogFactory.getLog(AdminCredentials.class);

	static AdminCredentials from(AdminProperties properties) {
		String configured = properties.password();
		if (configured != null && !configured.isBlank()) {
			return new AdminCredentials(properties.username(), configured, false);
		}
		byte[] random = new byte[18];
		new SecureRandom().nextBytes(random);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		logger.warn("PORTCULLIS_ADMIN_PASSWORD is not set; the admin endpoints on the management port accept user '"
				+ properties.username() + "' with this generated password until restart: " + password);
		return new AdminCredentials(properties.username(), password, true);
	}

	@Override
	public String toString() {
		return "AdminCredentials[username=" + this.username + ", password=<hidden>]";
	}

}
