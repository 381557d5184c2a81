package dev.portcullis.auth;

import dev.portcullis.admin.ManagementServer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the authentication profiles into the {@code Authenticate} route filter and the
 * removal of client-sent subject headers.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

	@Bean
	AuthProfiles authProfiles(AuthProperties properties) {
		return AuthProfiles.of(properties);
	}

	@Bean
	AuthenticateGatewayFilterFactory authenticateGatewayFilterFactory(AuthProfiles profiles) {
		return new AuthenticateGatewayFilterFactory(profiles);
	}

	@Bean
	SubjectHeaderFilter subjectHeaderFilter(AuthProfiles profiles, ManagementServer managementServer) {
		return new SubjectHeaderFilter(profiles.subjectHeaders(), managementServer);
	}

}
