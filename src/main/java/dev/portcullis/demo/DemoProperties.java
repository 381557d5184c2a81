package dev.portcullis.demo;

import dev.portcullis.config.InvalidPropertyException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo that {@code ./mvnw spring-boot:run} starts (profile {@code demo}, the default
 * profile).
 *
 * @param enabled whether the demo upstreams and the {@code /demo/**} route are set up
 * @param instances how many demo upstream servers to start on loopback (1 to 8)
 */
@ConfigurationProperties("portcullis.demo")
public record DemoProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2") int instances) {

	public DemoProperties {
		if (instances < 1 || instances > 8) {
			throw new InvalidPropertyException("portcullis.demo.instances",
					"must be between 1 and 8, was " + instances);
		}
	}

}
