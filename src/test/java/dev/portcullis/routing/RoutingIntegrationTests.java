package dev.portcullis.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes declared in properties, as users write them in {@code application.yml}, through
 * the running gateway to real upstream servers.
 */
class RoutingIntegrationTests {

	private static TestUpstream orders1;

	private static TestUpstream orders2;

	private static TestUpstream shop;

	private static TestUpstream misc;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		orders1 = TestUpstream.start("orders-1");
		orders2 = TestUpstream.start("orders-2");
		shop = TestUpstream.start("shop");
		misc = TestUpstream.start("misc");
		Routes routes = new Routes().group("orders", orders1, orders2)
			.route("orders", "lb://orders", List.of("Path=/orders/**"), List.of())
			.route("shop", shop.url(), List.of("Host=shop.example.test"), List.of())
			.route("search", misc.url(),
					List.of("Path=/search/**", "Method=POST", "Header=X-Flag, yes", "Query=mode, fast"),
					List.of("SetRequestHeader=X-Routed-By, search-route"))
			.route("legacy", misc.url(), List.of("Path=/legacy/**"),
					List.of("RewritePath=/legacy/(?<rest>.*), /v2/${rest}"))
			.route("api", misc.url(), List.of("Path=/api/**"), List.of("StripPrefix=1"))
			.route("chat", "lb://orders", List.of("Path=/chat/**"), List.of());
		gateway = TestGateway.start(routes.properties());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		for (TestUpstream upstream : List.of(orders1, orders2, shop, misc)) {
			upstream.close();
		}
	}

	@BeforeEach
	void forgetRequests() {
		for (TestUpstream upstream : List.of(orders1, orders2, shop, misc)) {
			upstream.clear();
		}
	}

	@Test
	void pathRouteSendsTheRequestPathAndQueryUpstream() {
		gateway.client()
			.get()
			.uri("/orders/42?expand=lines")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).matches("orders-[12] GET /orders/42"));
		TestUpstream answered = orders1.received().isEmpty() ? orders2 : orders1;
		assertThat(answered.lastReceived().uri()).isEqualTo("/orders/42?expand=lines");
	}

	@Test
	void lbRouteBalancesRoundRobinAcrossBothInstancesOfTheGroup() {
		for (int i = 0; i < 10; i++) {
			gateway.client().get().uri("/orders/" + i).exchange().expectStatus().isOk().expectBody(Void.class);
		}
		assertThat(orders1.received()).hasSize(5);
		assertThat(orders2.received()).hasSize(5);
	}

	@Test
	void hostRouteSelectsTheUpstreamByHostHeader() {
		gateway.client()
			.get()
			.uri("/anything")
			.header("Host", "shop.example.test")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Upstream", "shop")
			.expectBody(Void.class);
		gateway.client()
			.get()
			.uri("/anything")
			.header("Host", "other.example.test")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(Void.class);
		assertThat(shop.received()).hasSize(1);
	}

	@Test
	void methodHeaderAndQueryPredicatesMustAllMatch() {
		gateway.client()
			.post()
			.uri("/search/items?mode=fast")
			.header("X-Flag", "yes")
			.bodyValue("q=portcullis")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		assertThat(misc.lastReceived().headers().getFirst("X-Routed-By")).isEqualTo("search-route");
		assertThat(misc.lastReceived().body()).isEqualTo("q=portcullis");

		gateway.client()
			.get()
			.uri("/search/items?mode=fast")
			.header("X-Flag", "yes")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(Void.class);
		gateway.client()
			.post()
			.uri("/search/items?mode=slow")
			.header("X-Flag", "yes")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(Void.class);
		gateway.client()
			.post()
			.uri("/search/items?mode=fast")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(Void.class);
		assertThat(misc.received()).hasSize(1);
	}

	@Test
	void rewritePathChangesThePathTheUpstreamSees() {
		gateway.client().get().uri("/legacy/users/7").exchange().expectStatus().isOk().expectBody(Void.class);
		assertThat(misc.lastReceived().uri()).isEqualTo("/v2/users/7");
	}

	@Test
	void stripPrefixRemovesTheFirstSegment() {
		gateway.client()
			.method(HttpMethod.DELETE)
			.uri("/api/things/3")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		assertThat(misc.lastReceived().method()).isEqualTo("DELETE");
		assertThat(misc.lastReceived().uri()).isEqualTo("/things/3");
	}

	@Test
	void webSocketUpgradeThroughAnLbRouteRoundTripsAMessage() {
		List<String> replies = new CopyOnWriteArrayList<>();
		ReactorNettyWebSocketClient client = new ReactorNettyWebSocketClient();
		client.execute(URI.create("ws://127.0.0.1:" + gateway.port() + "/chat/room"),
				(session) -> session.send(Mono.just(session.textMessage("hello")))
					.thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).take(1))
					.doOnNext(replies::add)
					.then())
			.block(Duration.ofSeconds(10));
		assertThat(replies).containsExactly("echo:hello");
		TestUpstream answered = orders1.received().isEmpty() ? orders2 : orders1;
		assertThat(answered.lastReceived().uri()).isEqualTo("/chat/room");
		assertThat(answered.lastReceived().headers().getFirst("Upgrade")).isEqualToIgnoringCase("websocket");
	}

}
