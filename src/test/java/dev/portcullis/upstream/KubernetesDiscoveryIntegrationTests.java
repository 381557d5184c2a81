package dev.portcullis.upstream;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream group that follows a Kubernetes Service's ready endpoints, against the
 * fabric8 mock API server (CRUD mode, with watches): endpoints added, made unready and
 * removed change where requests go, without a restart.
 */
class KubernetesDiscoveryIntegrationTests {

	private static final String NAMESPACE = "shop";

	private static KubernetesMockServer apiServer;

	private static KubernetesClient kubernetes;

	private static TestUpstream first;

	private static TestUpstream second;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				new KubernetesCrudDispatcher(), false);
		apiServer.init(InetAddress.getLoopbackAddress(), 0);
		kubernetes = apiServer.createClient();
		first = TestUpstream.start("orders-1");
		second = TestUpstream.start("orders-2");
		kubernetes.resource(slice("orders-a", first, true)).inNamespace(NAMESPACE).create();
		Map<String, String> properties = new Routes()
			.route("orders", "lb://orders", List.of("Path=/orders/**"), List.of())
			.with("portcullis.upstreams.orders.kubernetes.service", "orders")
			.with("spring.main.cloud-platform", "kubernetes")
			.with("spring.cloud.kubernetes.client.master-url", apiServer.url("/"))
			.with("spring.cloud.kubernetes.client.namespace", NAMESPACE)
			.properties();
		gateway = TestGateway.start(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		kubernetes.close();
		apiServer.destroy();
		first.close();
		second.close();
	}

	@Test
	void groupFollowsTheReadyEndpointsOfItsService() {
		assertThat(awaitUpstreams(Set.of("orders-1"))).containsExactly("orders-1");

		kubernetes.resource(slice("orders-b", second, true)).inNamespace(NAMESPACE).create();
		assertThat(awaitUpstreams(Set.of("orders-1", "orders-2"))).containsExactlyInAnyOrder("orders-1", "orders-2");

		kubernetes.resource(slice("orders-a", first, false)).inNamespace(NAMESPACE).update();
		assertThat(awaitUpstreams(Set.of("orders-2"))).as("an unready endpoint gets no new requests")
			.containsExactly("orders-2");
	}

	@Test
	void clientXForwardedForIsNotBelievedOnKubernetes() {
		// Spring Boot would turn on Reactor Netty's forwarded-header support on
		// Kubernetes.
		String upstream = gateway.client()
			.get()
			.uri("/orders/whoami")
			.header("X-Forwarded-For", "203.0.113.9")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class)
			.returnResult()
			.getResponseHeaders()
			.getFirst("X-Upstream");
		TestUpstream.Received received = ("orders-1".equals(upstream) ? first : second).lastReceived();
		assertThat(received.headers().getFirst("X-Forwarded-For")).isEqualTo("127.0.0.1");
	}

	private static EndpointSlice slice(String name, TestUpstream upstream, boolean ready) {
		return new EndpointSliceBuilder().withNewMetadata()
			.withName(name)
			.withNamespace(NAMESPACE)
			.addToLabels("kubernetes.io/service-name", "orders")
			.endMetadata()
			.withAddressType("IPv4")
			.addNewEndpoint()
			.withAddresses("127.0.0.1")
			.withNewConditions()
			.withReady(ready)
			.endConditions()
			.endEndpoint()
			.addNewPort()
			.withName("http")
			.withPort(upstream.port())
			.withProtocol("TCP")
			.endPort()
			.build();
	}

	/**
	 * Sends requests until the set of upstreams answering the last 12 equals
	 * {@code expected}, for at most 15 seconds; returns the last set seen.
	 */
	private static Set<String> awaitUpstreams(Set<String> expected) {
		Instant deadline = Instant.now().plusSeconds(15);
		Set<String> seen = new HashSet<>();
		while (Instant.now().isBefore(deadline)) {
			seen = new HashSet<>();
			for (int i = 0; i < 12; i++) {
				String upstream = gateway.client()
					.get()
					.uri("/orders/item")
					.exchange()
					.expectBody(String.class)
					.returnResult()
					.getResponseHeaders()
					.getFirst("X-Upstream");
				if (upstream != null) {
					seen.add(upstream);
				}
			}
			if (seen.equals(expected)) {
				return seen;
			}
			LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
		}
		return seen;
	}

}
