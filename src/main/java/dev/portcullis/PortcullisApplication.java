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

	/** Reactor Netty's system property for the number of its event-loop threads. */
	static final String IO_WORKER_COUNT = "reactor.netty.ioWorkerCount";

	public static void main(String[] args) {
		oneEventLoopPerCpu();
		SpringApplication application = new SpringApplication(PortcullisApplication.class);
		// Decided here, not by spring.main.web-application-type: Boot reads that property
		// only after it has built the environment, and converting a servlet environment
		// then loses spring.profiles.default (the demo) when a servlet stack is present.
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		application.run(args);
	}

	/**
	 * One Netty event loop per CPU the JVM may use (in a container: its CPU limit), as
	 * nginx's {@code worker_processes auto}, unless {@code -Dreactor.netty.ioWorkerCount}
	 * says otherwise. Reactor Netty's default is at least four: on fewer CPUs the loops
	 * take turns on one core and hand every proxied request from one to another, which
	 * cost up to half of the gateway's CPU per request in the benchmark (README section
	 * 23). Must run before any Reactor Netty class reads the property.
	 */
	static void oneEventLoopPerCpu() {
		if (System.getProperty(IO_WORKER_COUNT) == null) {
			System.setProperty(IO_WORKER_COUNT, String.valueOf(Runtime.getRuntime().availableProcessors()));
		}
	}

}
