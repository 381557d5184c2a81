package dev.portcullis.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code spring.cloud.gateway.server.webflux.routes[n].*} properties, so a test
 * class can declare its own routes in the shortcut forms users write in YAML.
 */
public final class Routes {

	private static final String PREFIX = "spring.cloud.gateway.server.webflux.routes";

	private final Map<String, String> properties = new LinkedHashMap<>();

	private int count;

	/**
	 * Adds a route with shortcut predicates ({@code Path=/a/**}) and filters
	 * ({@code StripPrefix=1}).
	 */
	public Routes route(String id, String uri, List<String> predicates, List<String> filters) {
		return route(id, uri, predicates, filters, Map.of());
	}

	/** Adds a route with metadata, such as {@code response-timeout} in milliseconds. */
	public Routes route(String id, String uri, List<String> predicates, List<String> filters,
			Map<String, String> metadata) {
		String route = PREFIX + "[" + this.count++ + "]";
		this.properties.put(route + ".id", id);
		this.properties.put(route + ".uri", uri);
		for (int i = 0; i < predicates.size(); i++) {
			this.properties.put(route + ".predicates[" + i + "]", predicates.get(i));
		}
		for (int i = 0; i < filters.size(); i++) {
			this.properties.put(route + ".filters[" + i + "]", filters.get(i));
		}
		metadata.forEach((key, value) -> this.properties.put(route + ".metadata." + key, value));
		return this;
	}

	/** Adds {@code portcullis.upstreams.<group>.instances[n]} for each upstream. */
	public Routes group(String group, TestUpstream... upstreams) {
		for (int i = 0; i < upstreams.length; i++) {
			this.properties.put("portcullis.upstreams." + group + ".instances[" + i + "]", upstreams[i].url());
		}
		return this;
	}

	/** Adds any other property. */
	public Routes with(String key, String value) {
		this.properties.put(key, value);
		return this;
	}

	public Map<String, String> properties() {
		return new LinkedHashMap<>(this.properties);
	}

}
