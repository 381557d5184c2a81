package dev.portcullis.upstream;

import java.net.URI;
import java.util.List;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which endpoints of a Service's EndpointSlices become a group's instances.
 */
class KubernetesUpstreamsTests {

	@Test
	void readyEndpointsOnTheFirstPortByDefault() {
		EndpointSlice slice = slice(8080, "http", 9090, "metrics").addNewEndpoint()
			.withAddresses("10.0.0.1")
			.withNewConditions()
			.withReady(true)
			.endConditions()
			.endEndpoint()
			.addNewEndpoint()
			.withAddresses("10.0.0.2")
			.endEndpoint()
			.build();
		assertThat(KubernetesUpstreams.readyInstances(List.of(slice), null))
			.containsExactly(URI.create("http://10.0.0.1:8080"), URI.create("http://10.0.0.2:8080"));
	}

	@Test
	void unreadyAndTerminatingEndpointsAreLeftOut() {
		EndpointSlice slice = slice(8080, "http", 9090, "metrics").addNewEndpoint()
			.withAddresses("10.0.0.1")
			.withNewConditions()
			.withReady(false)
			.endConditions()
			.endEndpoint()
			.addNewEndpoint()
			.withAddresses("10.0.0.2")
			.withNewConditions()
			.withReady(true)
			.withTerminating(true)
			.endConditions()
			.endEndpoint()
			.addNewEndpoint()
			.withAddresses("10.0.0.3")
			.endEndpoint()
			.build();
		assertThat(KubernetesUpstreams.readyInstances(List.of(slice), null))
			.containsExactly(URI.create("http://10.0.0.3:8080"));
	}

	@Test
	void portIsChosenByNameOrNumberAndHttpsByName() {
		EndpointSlice slice = slice(8443, "https", 9090, "metrics").addNewEndpoint()
			.withAddresses("fd00::1")
			.endEndpoint()
			.build();
		assertThat(KubernetesUpstreams.readyInstances(List.of(slice), "metrics"))
			.containsExactly(URI.create("http://[fd00::1]:9090"));
		assertThat(KubernetesUpstreams.readyInstances(List.of(slice), "8443"))
			.containsExactly(URI.create("https://[fd00::1]:8443"));
		assertThat(KubernetesUpstreams.readyInstances(List.of(slice), "grpc")).isEmpty();
	}

	@Test
	void endpointsOfSeveralSlicesAreMergedWithoutDuplicates() {
		EndpointSlice first = slice(8080, "http", 9090, "metrics").addNewEndpoint()
			.withAddresses("10.0.0.2")
			.endEndpoint()
			.build();
		EndpointSlice second = slice(8080, "http", 9090, "metrics").addNewEndpoint()
			.withAddresses("10.0.0.1", "10.0.0.2")
			.endEndpoint()
			.build();
		assertThat(KubernetesUpstreams.readyInstances(List.of(first, second), null))
			.containsExactly(URI.create("http://10.0.0.1:8080"), URI.create("http://10.0.0.2:8080"));
	}

	private static EndpointSliceBuilder slice(int port, String name, int otherPort, String otherName) {
		return new EndpointSliceBuilder().withNewMetadata()
			.withName("orders-x")
			.endMetadata()
			.withAddressType("IPv4")
			.addNewPort()
			.withName(name)
			.withPort(port)
			.endPort()
			.addNewPort()
			.withName(otherName)
			.withPort(otherPort)
			.endPort();
	}

}
