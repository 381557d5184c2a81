package dev.portcullis.edge;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

	@Bean
	EdgeFilters edgeFilters(ObjectProvider<EdgeFilter> filters) {
		return new EdgeFilters(filters.orderedStream().toList());
	}

}
