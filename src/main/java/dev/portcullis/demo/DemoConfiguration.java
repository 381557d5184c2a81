package dev.portcullis.demo;

import java.util.ArrayList;
import java.util.List;

import dev.portcullis.upstream.UpstreamGroups;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The demo: upstream group {@code demo} of in-process servers on loopback, and route
 * {@code demo} sending {@code /demo/**} to it with the prefix stripped. Active in the
 * {@code demo} profile, which is the default one, unless
 * {@code portcullis.demo.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
@ConditionalOnBooleanProperty(name = "portcullis.demo.enabled", matchIfMissing = true)
class DemoConfiguration {

	static final String GROUP = "demo";

	private static final Log logger = LogFactory.getLog(DemoConfiguration.class);

	@Bean(destroyMethod = "close")
	DemoUpstreams demoUpstreams(DemoProperties properties, UpstreamGroups groups) {
		List<DemoUpstream> upstreams = new ArrayList<>();
		for (int i = 1; i <= properties.instances(); i++) {
			upstreams.add(new DemoUpstream(GROUP + "-" + i));
		}
		groups.register(GROUP, upstreams.stream().map(DemoUpstream::uri).toList());
		logger.info("Demo upstreams " + upstreams.stream().map((u) -> u.name() + " at " + u.uri()).toList()
				+ " serve route 'demo': try curl http://localhost:8080/demo/whoami");
		return new DemoUpstreams(upstreams);
	}

	/**
	 * Depends on {@link DemoUpstreams} so the route exists only once its group is
	 * registered.
	 */
	@Bean
	RouteDefinitionLocator demoRoute(DemoUpstreams upstreams) {
		RouteDefinition route = new RouteDefinition("demo=lb://" + GROUP + ",Path=/demo/**");
		// A visible but generous limit per client address; RateLimit runs first anyway.
		route.getFilters().add(new FilterDefinition("RateLimit=20/1s burst 40"));
		route.getFilters().add(new FilterDefinition("StripPrefix=1"));
		route.getFilters().add(new FilterDefinition("ResponseCache"));
		return () -> Flux.just(route);
	}

	/** The running demo servers, closed with the context. */
	record DemoUpstreams(List<DemoUpstream> servers) implements AutoCloseable {

		@Override
		public void close() {
			this.servers.forEach(DemoUpstream::close);
		}

	}

}
