package dev.portcullis.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.autoconfigure.WebFluxProperties;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.cloud.gateway.handler.predicate.HeaderRoutePredicateFactory;
import org.springframework.cloud.gateway.handler.predicate.HostRoutePredicateFactory;
import org.springframework.cloud.gateway.handler.predicate.MethodRoutePredicateFactory;
import org.springframework.cloud.gateway.handler.predicate.PathRoutePredicateFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index must pick the same route as Spring Cloud Gateway's linear scan (the first
 * route, in order, whose predicate matches) for every request, over many generated route
 * sets built with the gateway's real predicate factories.
 */
class RouteIndexTests {

	private static final String[] SEGMENTS = { "a", "b", "api", "A", "v1", "orders", "x.y", "r1" };

	private static final String[] HOSTS = { "a.example", "b.example", "A.Example", "a.example:8080", "*.example",
			"{sub}.example", "**", "c.test" };

	private static final String[] REQUEST_HOSTS = { "a.example", "A.EXAMPLE", "a.example:8080", "b.example:80",
			"x.example", "a..example", "c.test", "[::1]:8080", "" };

	private final PathRoutePredicateFactory path = new PathRoutePredicateFactory(new WebFluxProperties());

	private final HostRoutePredicateFactory host = new HostRoutePredicateFactory();

	private final MethodRoutePredicateFactory method = new MethodRoutePredicateFactory();

	private final HeaderRoutePredicateFactory header = new HeaderRoutePredicateFactory();

	@Test
	void picksTheSameRouteAsTheLinearScanOverGeneratedRouteSets() {
		Random random = new Random(8);
		int compared = 0;
		for (int set = 0; set < 150; set++) {
			List<Route> routes = new ArrayList<>();
			int count = 1 + random.nextInt(40);
			for (int i = 0; i < count; i++) {
				routes.add(route("r" + i, randomPredicate(random)));
			}
			RouteIndex index = RouteIndex.of(routes, null);
			for (int request = 0; request < 40; request++) {
				String requestPath = randomPath(random);
				String requestHost = REQUEST_HOSTS[random.nextInt(REQUEST_HOSTS.length)];
				HttpMethod requestMethod = random.nextBoolean() ? HttpMethod.GET : HttpMethod.POST;
				boolean flag = random.nextBoolean();
				String expected = linearScan(routes, requestPath, requestHost, requestMethod, flag);
				String actual = indexed(index, requestPath, requestHost, requestMethod, flag);
				assertThat(actual)
					.as("set %d, %s %s Host %s, routes %s", set, requestMethod, requestPath, requestHost,
							routes.stream().map((r) -> r.getId() + ": " + r.getPredicate()).toList())
					.isEqualTo(expected);
				compared++;
			}
		}
		assertThat(compared).isEqualTo(150 * 40);
	}

	@Test
	void withTenThousandPrefixRoutesOnlyTheMatchingOneIsACandidate() {
		List<Route> routes = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			routes.add(route("r" + i, pathPredicate("/r" + i + "/**")));
		}
		RouteIndex index = RouteIndex.of(routes, null);
		assertThat(index.indexed()).isEqualTo(10_000);
		assertThat(index.candidates(PathContainer.parsePath("/r9990/bench/1k"), "gateway.test"))
			.extracting(Route::getId)
			.containsExactly("r9990");
		assertThat(index.candidates(PathContainer.parsePath("/nowhere"), "gateway.test")).isEmpty();
	}

	@Test
	void keepsRoutesItCannotNarrowAsCandidatesInOrder() {
		List<Route> routes = List.of(route("method", methodPredicate(HttpMethod.GET)),
				route("orders", pathPredicate("/orders/**")), route("any", pathPredicate("/**")),
				route("shop", hostPredicate("shop.example")),
				route("either", pathPredicate("/a/**").or(pathPredicate("/b/**"))));
		RouteIndex index = RouteIndex.of(routes, null);
		assertThat(index.indexed()).isEqualTo(2);
		assertThat(index.candidates(PathContainer.parsePath("/orders/1"), "shop.example:8443")).extracting(Route::getId)
			.containsExactly("method", "orders", "any", "shop", "either");
		assertThat(index.candidates(PathContainer.parsePath("/other"), "else.example")).extracting(Route::getId)
			.containsExactly("method", "any", "either");
	}

	@Test
	void literalPrefixStopsAtTheFirstVariableWildcardOrUnusualCharacter() {
		assertThat(RouteConstraints.literalPrefix("/orders/**")).containsExactly("orders");
		assertThat(RouteConstraints.literalPrefix("/API/v1/{id}")).containsExactly("api", "v1");
		assertThat(RouteConstraints.literalPrefix("/a/b*/c")).containsExactly("a");
		assertThat(RouteConstraints.literalPrefix("/a//b")).containsExactly("a");
		assertThat(RouteConstraints.literalPrefix("/a%20b/c")).isEmpty();
		assertThat(RouteConstraints.literalPrefix("/a;v=1/c")).isEmpty();
		assertThat(RouteConstraints.literalPrefix("orders/**")).isEmpty();
		assertThat(RouteConstraints.literalPrefix("/**")).isEmpty();
	}

	@Test
	void basePathIsPutInFrontOfPathPatternsAsTheGatewayDoes() {
		assertThat(RouteConstraints.pathPrefixes(List.of("/orders/**", "v2/**"), "/base"))
			.containsExactly(List.of("base", "orders"), List.of("base", "v2"));
	}

	@Test
	void onlyExactHostNamesAreIndexed() {
		assertThat(RouteConstraints.exactHosts(List.of("Shop.Example", "shop.example.")))
			.containsExactly("shop.example", "shop.example");
		assertThat(RouteConstraints.exactHosts(List.of("shop.example", "*.example"))).isNull();
		assertThat(RouteConstraints.exactHosts(List.of("shop.example:8080"))).isNull();
		assertThat(RouteConstraints.exactHosts(List.of())).isNull();
	}

	private AsyncPredicate<ServerWebExchange> randomPredicate(Random random) {
		AsyncPredicate<ServerWebExchange> predicate = switch (random.nextInt(8)) {
			case 0, 1, 2 -> pathPredicate(randomPattern(random), random.nextBoolean() ? randomPattern(random) : null);
			case 3 -> hostPredicate(HOSTS[random.nextInt(HOSTS.length)]);
			case 4 -> pathPredicate(randomPattern(random)).and(hostPredicate(HOSTS[random.nextInt(HOSTS.length)]));
			case 5 -> methodPredicate(HttpMethod.POST).and(pathPredicate(randomPattern(random)));
			case 6 -> pathPredicate(randomPattern(random)).or(hostPredicate(HOSTS[random.nextInt(HOSTS.length)]));
			default -> random.nextBoolean() ? headerPredicate() : pathPredicate(randomPattern(random)).negate();
		};
		if (random.nextInt(5) == 0) {
			predicate = predicate.and(headerPredicate());
		}
		return predicate;
	}

	private static String randomPattern(Random random) {
		StringBuilder pattern = new StringBuilder();
		int segments = random.nextInt(3);
		for (int i = 0; i < segments; i++) {
			pattern.append('/').append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
		}
		switch (random.nextInt(6)) {
			case 0 -> pattern.append("/**");
			case 1 -> pattern.append("/{id}");
			case 2 -> pattern.append("/{*rest}");
			case 3 -> pattern.append("/").append(SEGMENTS[random.nextInt(SEGMENTS.length)]).append('*');
			case 4 -> pattern.append(random.nextBoolean() ? "/" : "");
			default -> pattern.append("/{id}/").append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
		}
		return pattern.isEmpty() ? "/" : pattern.toString();
	}

	private static String randomPath(Random random) {
		StringBuilder path = new StringBuilder();
		int segments = random.nextInt(4);
		for (int i = 0; i < segments; i++) {
			path.append(random.nextInt(12) == 0 ? "//" : "/");
			String segment = SEGMENTS[random.nextInt(SEGMENTS.length)];
			path.append(switch (random.nextInt(10)) {
				case 0 -> segment.toUpperCase(java.util.Locale.ROOT);
				case 1 -> segment + ";v=1";
				case 2 -> segment.replace("a", "%61");
				default -> segment;
			});
		}
		if (random.nextInt(4) == 0) {
			path.append('/');
		}
		return path.isEmpty() ? "/" : path.toString();
	}

	private static @Nullable String linearScan(List<Route> routes, String path, String host, HttpMethod method,
			boolean flag) {
		// One exchange per lookup, as in the gateway: predicates share its attributes.
		ServerWebExchange exchange = exchange(path, host, method, flag);
		for (Route route : routes) {
			if (matches(route, exchange)) {
				return route.getId();
			}
		}
		return null;
	}

	private static @Nullable String indexed(RouteIndex index, String path, String host, HttpMethod method,
			boolean flag) {
		ServerWebExchange exchange = exchange(path, host, method, flag);
		for (Route route : index.candidates(PathContainer.parsePath(exchange.getRequest().getURI().getRawPath()),
				exchange.getRequest().getHeaders().getFirst("Host"))) {
			if (matches(route, exchange)) {
				return route.getId();
			}
		}
		return null;
	}

	private static boolean matches(Route route, ServerWebExchange exchange) {
		return Boolean.TRUE.equals(Mono.from(route.getPredicate().apply(exchange)).block());
	}

	private static ServerWebExchange exchange(String path, String host, HttpMethod method, boolean flag) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.method(method, URI.create(path));
		if (!host.isEmpty()) {
			request.header("Host", host);
		}
		if (flag) {
			request.header("X-Flag", "yes");
		}
		return MockServerWebExchange.from(request);
	}

	private static Route route(String id, AsyncPredicate<ServerWebExchange> predicate) {
		return Route.async().id(id).uri(URI.create("http://upstream.test")).asyncPredicate(predicate).build();
	}

	private AsyncPredicate<ServerWebExchange> pathPredicate(String pattern, @Nullable String other) {
		List<String> patterns = (other != null) ? List.of(pattern, other) : List.of(pattern);
		return this.path.applyAsync(new PathRoutePredicateFactory.Config().setPatterns(patterns));
	}

	private AsyncPredicate<ServerWebExchange> pathPredicate(String pattern) {
		return pathPredicate(pattern, null);
	}

	private AsyncPredicate<ServerWebExchange> hostPredicate(String pattern) {
		return this.host.applyAsync(new HostRoutePredicateFactory.Config().setPatterns(List.of(pattern)));
	}

	private AsyncPredicate<ServerWebExchange> methodPredicate(HttpMethod httpMethod) {
		MethodRoutePredicateFactory.Config config = new MethodRoutePredicateFactory.Config();
		config.setMethods(httpMethod);
		return this.method.applyAsync(config);
	}

	private AsyncPredicate<ServerWebExchange> headerPredicate() {
		return this.header.applyAsync(new HeaderRoutePredicateFactory.Config().setHeader("X-Flag").setRegexp("yes"));
	}

}
