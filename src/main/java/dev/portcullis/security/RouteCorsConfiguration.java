package dev.portcullis.security;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives the gateway's route handler mapping the per-route CORS decisions of
 * {@link RouteCorsProcessor}.
 */
@Configuration(proxyBeanMethods = false)
class RouteCorsConfiguration {

	@Bean
	static BeanPostProcessor routeCorsProcessorInstaller() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof RoutePredicateHandlerMapping mapping) {
					mapping.setCorsProcessor(new RouteCorsProcessor());
				}
				return bean;
			}

		};
	}

}
