package dev.portcullis.upstream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Applies changed {@code portcullis.upstreams.*} properties to the live upstream groups
 * after a configuration refresh ({@code POST /actuator/refresh}, or a Spring Cloud Config
 * change), without a restart. {@link UpstreamsProperties} is an immutable record, which
 * Spring Cloud's rebinder leaves alone, so this binds it afresh. A change that does not
 * validate is logged and ignored: the gateway keeps serving with the groups it has rather
 * than fail at run time.
 */
final class UpstreamRefreshListener implements ApplicationListener<EnvironmentChangeEvent> {

	private static final Log logger = LogFactory.getLog(UpstreamRefreshListener.class);

	private final Environment environment;

	private final UpstreamGroups groups;

	private final Balancer balancer;

	private final HealthChecker healthChecker;

	UpstreamRefreshListener(Environment environment, UpstreamGroups groups, Balancer balancer,
			HealthChecker healthChecker) {
		this.environment = environment;
		this.groups = groups;
		this.balancer = balancer;
		this.healthChecker = healthChecker;
	}

	@Override
	public void onApplicationEvent(EnvironmentChangeEvent event) {
		if (event.getKeys().stream().noneMatch((key) -> key.startsWith("portcullis.upstreams"))) {
			return;
		}
		UpstreamsProperties properties;
		try {
			properties = Binder.get(this.environment)
				.bind("portcullis", UpstreamsProperties.class)
				.orElseGet(() -> new UpstreamsProperties(null));
		}
		catch (RuntimeException ex) {
			logger.error("Ignoring the changed upstream groups, which are invalid: "
					+ NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
			return;
		}
		this.groups.replaceConfigured(properties);
		this.balancer.reconfigure(properties);
		this.healthChecker.restart();
		logger.info("Upstream groups refreshed: " + properties.upstreams().keySet());
	}

}
