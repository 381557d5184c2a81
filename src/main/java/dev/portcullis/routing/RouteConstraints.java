package dev.portcullis.routing;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.cloud.gateway.handler.predicate.GatewayPredicate;
import org.springframework.cloud.gateway.handler.predicate.HostRoutePredicateFactory;
import org.springframework.cloud.gateway.handler.predicate.PathRoutePredicateFactory;
import org.springframework.util.StringUtils;

/**
 * What a route's predicate requires of every request it matches, as far as an index can
 * use it: the literal leading path segments of its {@code Path} patterns, or the exact
 * names of its {@code Host} patterns. Both are necessary conditions only (the predicate
 * itself still decides), so the index may return too many candidates but never too few.
 * <p>
 * Only conjunctions are looked into: a route built from a definition is the {@code AND}
 * of its predicates ({@code RouteDefinitionRouteLocator}), and any conjunct's requirement
 * holds for the whole route. An {@code OR}, a negation or any predicate of unknown shape
 * adds no requirement, which is always safe. Spring Cloud Gateway keeps the two sides of
 * {@code AND} private, so they are read reflectively; if that ever fails (another
 * version), every route is treated as unconstrained and lookup is the linear scan again.
 *
 * @param pathPrefixes for each {@code Path} pattern, its literal leading segments in
 * lower case (empty: the pattern starts with a variable or wildcard); {@code null} when
 * the route has no usable {@code Path} predicate
 * @param hosts the normalised names of its {@code Host} patterns; {@code null} when the
 * route has no {@code Host} predicate made only of exact names
 */
record RouteConstraints(@Nullable List<List<String>> pathPrefixes, @Nullable List<String> hosts) {

	private static final Log logger = LogFactory.getLog(RouteConstraints.class);

	static final RouteConstraints NONE = new RouteConstraints(null, null);

	private static final @Nullable Field ASYNC_AND_LEFT = field(AsyncPredicate.AndAsyncPredicate.class, "left");

	private static final @Nullable Field ASYNC_AND_RIGHT = field(AsyncPredicate.AndAsyncPredicate.class, "right");

	private static final @Nullable Field ASYNC_DELEGATE = field(AsyncPredicate.DefaultAsyncPredicate.class, "delegate");

	private static final @Nullable Field AND_LEFT = field(GatewayPredicate.AndGatewayPredicate.class, "left");

	private static final @Nullable Field AND_RIGHT = field(GatewayPredicate.AndGatewayPredicate.class, "right");

	/**
	 * The requirements of a route predicate, with {@code basePath} (WebFlux's
	 * {@code spring.webflux.base-path}) put in front of {@code Path} patterns as
	 * {@link PathRoutePredicateFactory} does.
	 */
	static RouteConstraints of(AsyncPredicate<?> predicate, @Nullable String basePath) {
		List<Object> conjuncts = new ArrayList<>();
		collectConjuncts(predicate, conjuncts);
		List<List<String>> prefixes = null;
		List<String> hosts = null;
		for (Object conjunct : conjuncts) {
			if (prefixes == null && isFrom(conjunct, PathRoutePredicateFactory.class)
					&& ((GatewayPredicate) conjunct).getConfig() instanceof PathRoutePredicateFactory.Config config) {
				prefixes = pathPrefixes(config.getPatterns(), basePath);
			}
			else if (hosts == null && isFrom(conjunct, HostRoutePredicateFactory.class)
					&& ((GatewayPredicate) conjunct).getConfig() instanceof HostRoutePredicateFactory.Config config) {
				hosts = exactHosts(config.getPatterns());
			}
		}
		return new RouteConstraints(prefixes, hosts);
	}

	private static void collectConjuncts(Object predicate, List<Object> conjuncts) {
		if (predicate instanceof AsyncPredicate.AndAsyncPredicate<?> and) {
			descend(and, ASYNC_AND_LEFT, ASYNC_AND_RIGHT, conjuncts);
		}
		else if (predicate instanceof AsyncPredicate.DefaultAsyncPredicate<?> wrapper) {
			Object delegate = read(ASYNC_DELEGATE, wrapper);
			if (delegate != null) {
				collectConjuncts(delegate, conjuncts);
			}
		}
		else if (predicate instanceof GatewayPredicate.AndGatewayPredicate and) {
			descend(and, AND_LEFT, AND_RIGHT, conjuncts);
		}
		else {
			conjuncts.add(predicate);
		}
	}

	private static void descend(Object and, @Nullable Field left, @Nullable Field right, List<Object> conjuncts) {
		Object l = read(left, and);
		Object r = read(right, and);
		// A side that cannot be read adds no requirement; the other still holds.
		if (l != null) {
			collectConjuncts(l, conjuncts);
		}
		if (r != null) {
			collectConjuncts(r, conjuncts);
		}
	}

	/**
	 * Whether the predicate is one of the factory's own (an anonymous class inside it),
	 * not merely something that returns its {@code Config}.
	 */
	private static boolean isFrom(Object predicate, Class<?> factory) {
		return predicate instanceof GatewayPredicate
				&& predicate.getClass().getName().startsWith(factory.getName() + "$");
	}

	static List<List<String>> pathPrefixes(List<String> patterns, @Nullable String basePath) {
		List<List<String>> prefixes = new ArrayList<>(patterns.size());
		for (String pattern : patterns) {
			String full = pattern;
			if (StringUtils.hasText(basePath)) {
				full = basePath + ((pattern.length() > 1 && !pattern.startsWith("/")) ? "/" : "") + pattern;
			}
			prefixes.add(literalPrefix(full));
		}
		return prefixes;
	}

	/**
	 * The leading segments of a path pattern that are plain text (unreserved URI
	 * characters only, so the raw, decoded and matrix-free forms of a request segment
	 * that matches them are all equal), in lower case; it stops at the first variable,
	 * wildcard, empty segment or other character.
	 */
	static List<String> literalPrefix(String pattern) {
		List<String> segments = new ArrayList<>();
		if (!pattern.startsWith("/")) {
			return segments;
		}
		int start = 1;
		while (start < pattern.length()) {
			int end = pattern.indexOf('/', start);
			if (end < 0) {
				end = pattern.length();
			}
			String segment = pattern.substring(start, end);
			if (segment.isEmpty() || !isPlain(segment)) {
				break;
			}
			segments.add(segment.toLowerCase(Locale.ROOT));
			start = end + 1;
		}
		return segments;
	}

	private static boolean isPlain(String segment) {
		for (int i = 0; i < segment.length(); i++) {
			char c = segment.charAt(i);
			boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~';
			if (!plain) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The patterns as normalised host names when every one is exact (no wildcard or
	 * variable, no port); otherwise {@code null}: the route is then not indexed by host.
	 */
	static @Nullable List<String> exactHosts(List<String> patterns) {
		if (patterns.isEmpty()) {
			return null;
		}
		List<String> hosts = new ArrayList<>(patterns.size());
		for (String pattern : patterns) {
			if (pattern.isEmpty() || !isPlain(pattern)) {
				return null;
			}
			hosts.add(hostKey(pattern));
		}
		return hosts;
	}

	/**
	 * A host name as {@code AntPathMatcher(".")} compares it, made coarser: lower case,
	 * empty labels dropped. Two names it can match always have the same key.
	 */
	static String hostKey(String host) {
		String lower = host.toLowerCase(Locale.ROOT);
		if (!lower.startsWith(".") && !lower.endsWith(".") && !lower.contains("..")) {
			return lower;
		}
		return String.join(".", StringUtils.tokenizeToStringArray(lower, ".", false, true));
	}

	private static @Nullable Field field(Class<?> type, String name) {
		try {
			Field field = type.getDeclaredField(name);
			field.setAccessible(true);
			return field;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.warn("Routes are looked up by a linear scan: cannot read " + type.getName() + "." + name, ex);
			return null;
		}
	}

	private static @Nullable Object read(@Nullable Field field, Object target) {
		if (field == null) {
			return null;
		}
		try {
			return field.get(target);
		}
		catch (IllegalAccessException ex) {
			return null;
		}
	}

}
