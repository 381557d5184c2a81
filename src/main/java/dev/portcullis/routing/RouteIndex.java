package dev.portcullis.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.server.PathContainer;

/**
 * The routes in their order, indexed by what their predicates require: literal leading
 * path segments (a trie) and exact host names (a map). {@link #candidates} returns, in
 * route order, every route whose predicate can match a request with the given path and
 * {@code Host}; the caller then tests those predicates in order, exactly as Spring Cloud
 * Gateway tests all of them, so the first match is the same route.
 * <p>
 * Routes that the index cannot narrow (no {@code Path} or exact {@code Host} predicate,
 * or one inside an {@code OR}) are candidates for every request.
 */
final class RouteIndex {

	private static final int[] NONE = new int[0];

	private final Route[] routes;

	private final int[] everywhere;

	private final Node root;

	private final Map<String, int[]> byHost;

	private final int indexed;

	private RouteIndex(Route[] routes, int[] everywhere, Node root, Map<String, int[]> byHost, int indexed) {
		this.routes = routes;
		this.everywhere = everywhere;
		this.root = root;
		this.byHost = byHost;
		this.indexed = indexed;
	}

	/**
	 * Indexes the routes in the given order (the order in which they are tested).
	 * @param basePath {@code spring.webflux.base-path}, which the {@code Path} predicate
	 * puts in front of its patterns
	 */
	static RouteIndex of(List<Route> routes, @Nullable String basePath) {
		Route[] ordered = routes.toArray(Route[]::new);
		IntList everywhere = new IntList();
		Map<String, IntList> hosts = new HashMap<>();
		MutableNode root = new MutableNode();
		int indexed = 0;
		for (int i = 0; i < ordered.length; i++) {
			RouteConstraints constraints = RouteConstraints.of(ordered[i].getPredicate(), basePath);
			List<List<String>> prefixes = constraints.pathPrefixes();
			List<String> exactHosts = constraints.hosts();
			if (prefixes != null && !prefixes.isEmpty() && !hasEmptyPrefix(prefixes)) {
				for (List<String> prefix : prefixes) {
					root.at(prefix).routes.add(i);
				}
				indexed++;
			}
			else if (exactHosts != null) {
				for (String host : exactHosts) {
					hosts.computeIfAbsent(host, (h) -> new IntList()).add(i);
				}
				indexed++;
			}
			else {
				// No predicate to narrow by, or one such as Path=/** or /{tenant}/orders.
				everywhere.add(i);
			}
		}
		Map<String, int[]> byHost = new HashMap<>();
		hosts.forEach((host, list) -> byHost.put(host, list.toSortedUniqueArray()));
		return new RouteIndex(ordered, everywhere.toSortedUniqueArray(), root.freeze(), byHost, indexed);
	}

	private static boolean hasEmptyPrefix(List<List<String>> prefixes) {
		for (List<String> prefix : prefixes) {
			if (prefix.isEmpty()) {
				return true;
			}
		}
		return false;
	}

	/** How many routes there are. */
	int size() {
		return this.routes.length;
	}

	/**
	 * How many routes are narrowed by path or host rather than tested on every request.
	 */
	int indexed() {
		return this.indexed;
	}

	/**
	 * The routes, in order, whose predicates may match a request for this path (as the
	 * {@code Path} predicate parses it: the raw path) and {@code Host} header.
	 */
	List<Route> candidates(PathContainer path, @Nullable String host) {
		List<int[]> lists = new ArrayList<>(4);
		addIfAny(lists, this.everywhere);
		collectAlongPath(path, lists);
		if (host != null && !this.byHost.isEmpty()) {
			String key = RouteConstraints.hostKey(host);
			addIfAny(lists, this.byHost.getOrDefault(key, NONE));
			String withoutPort = withoutPort(key);
			if (withoutPort != null) {
				addIfAny(lists, this.byHost.getOrDefault(withoutPort, NONE));
			}
		}
		return toRoutes(merge(lists));
	}

	private void collectAlongPath(PathContainer path, List<int[]> lists) {
		Node node = this.root;
		addIfAny(lists, node.routes);
		for (PathContainer.Element element : path.elements()) {
			if (element instanceof PathContainer.PathSegment segment && !segment.valueToMatch().isEmpty()) {
				if (node.children.isEmpty()) {
					return;
				}
				node = node.children.get(segment.valueToMatch().toLowerCase(Locale.ROOT));
				if (node == null) {
					return;
				}
				addIfAny(lists, node.routes);
			}
		}
	}

	/**
	 * The host without a trailing {@code :port}, for a {@code Host} predicate that
	 * compares the name alone; {@code null} when there is no port (or an IPv6 literal,
	 * which no indexed pattern can match).
	 */
	private static @Nullable String withoutPort(String host) {
		int colon = host.lastIndexOf(':');
		if (colon < 0 || host.startsWith("[")) {
			return null;
		}
		return RouteConstraints.hostKey(host.substring(0, colon));
	}

	private static void addIfAny(List<int[]> lists, int[] positions) {
		if (positions.length > 0) {
			lists.add(positions);
		}
	}

	private static int[] merge(List<int[]> lists) {
		if (lists.isEmpty()) {
			return NONE;
		}
		if (lists.size() == 1) {
			return lists.get(0);
		}
		int total = 0;
		for (int[] list : lists) {
			total += list.length;
		}
		int[] all = new int[total];
		int at = 0;
		for (int[] list : lists) {
			System.arraycopy(list, 0, all, at, list.length);
			at += list.length;
		}
		Arrays.sort(all);
		return unique(all);
	}

	private static int[] unique(int[] sorted) {
		int length = 0;
		for (int i = 0; i < sorted.length; i++) {
			if (i == 0 || sorted[i] != sorted[i - 1]) {
				sorted[length++] = sorted[i];
			}
		}
		return (length == sorted.length) ? sorted : Arrays.copyOf(sorted, length);
	}

	private List<Route> toRoutes(int[] positions) {
		List<Route> result = new ArrayList<>(positions.length);
		for (int position : positions) {
			result.add(this.routes[position]);
		}
		return result;
	}

	private record Node(int[] routes, Map<String, Node> children) {
	}

	private static final class MutableNode {

		private final IntList routes = new IntList();

		private final Map<String, MutableNode> children = new HashMap<>();

		MutableNode at(List<String> prefix) {
			MutableNode node = this;
			for (String segment : prefix) {
				node = node.children.computeIfAbsent(segment, (s) -> new MutableNode());
			}
			return node;
		}

		Node freeze() {
			Map<String, Node> frozen = new HashMap<>();
			this.children.forEach((segment, child) -> frozen.put(segment, child.freeze()));
			return new Node(this.routes.toSortedUniqueArray(), frozen.isEmpty() ? Map.of() : frozen);
		}

	}

	private static final class IntList {

		private int[] values = new int[2];

		private int size;

		void add(int value) {
			if (this.size == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = value;
		}

		int[] toSortedUniqueArray() {
			if (this.size == 0) {
				return NONE;
			}
			int[] copy = Arrays.copyOf(this.values, this.size);
			Arrays.sort(copy);
			return unique(copy);
		}

	}

}
