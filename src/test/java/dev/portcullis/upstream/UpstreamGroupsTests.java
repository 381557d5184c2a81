package dev.portcullis.upstream;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.portcullis.upstream.UpstreamsProperties.Group;
import dev.portcullis.upstream.UpstreamsProperties.Instance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class UpstreamGroupsTests {

	@ParameterizedTest
	@CsvSource({ "http://orders-1:8080, orders-1, 8080, false", "http://orders-1, orders-1, 80, false",
			"http://orders-1/, orders-1, 80, false", "https://orders-1, orders-1, 443, true",
			"https://orders-1:8443, orders-1, 8443, true", "HTTPS://orders-1, orders-1, 443, true",
			"http://10.0.0.7:9000, 10.0.0.7, 9000, false" })
	void derivesHostPortAndSecurityFromTheUri(String uri, String host, int port, boolean secure) {
		UpstreamGroups groups = new UpstreamGroups(new UpstreamsProperties(Map.of()));
		groups.register("orders", List.of(URI.create(uri)));
		assertThat(groups.instances("orders")).singleElement().satisfies((instance) -> {
			assertThat(instance.getServiceId()).isEqualTo("orders");
			assertThat(instance.getHost()).isEqualTo(host);
			assertThat(instance.getPort()).isEqualTo(port);
			assertThat(instance.isSecure()).isEqualTo(secure);
			assertThat(instance.getInstanceId()).isEqualTo(host + ":" + port);
		});
	}

	@Test
	void seedsGroupsFromProperties() {
		UpstreamGroups groups = new UpstreamGroups(
				new UpstreamsProperties(Map.of("orders",
						new Group(List.of(Instance.valueOf("http://orders-1:8080"),
								Instance.valueOf(" https://orders-2 ")), null),
						"billing", new Group(List.of(Instance.valueOf("http://billing")), null))));
		assertThat(groups.names()).containsExactlyInAnyOrder("orders", "billing");
		assertThat(groups.instances("orders")).extracting(ServiceInstance::getUri)
			.containsExactly(URI.create("http://orders-1:8080"), URI.create("https://orders-2:443"));
		assertThat(groups.instances("billing")).extracting(ServiceInstance::getUri)
			.containsExactly(URI.create("http://billing:80"));
	}

	@Test
	void treatsGroupNamesCaseInsensitively() {
		UpstreamGroups groups = new UpstreamGroups(new UpstreamsProperties(Map.of()));
		groups.register("Orders", List.of(URI.create("http://orders-1:8080")));
		assertThat(groups.names()).containsExactly("orders");
		assertThat(groups.instances("ORDERS")).extracting(ServiceInstance::getServiceId).containsExactly("orders");
		assertThat(groups.instances("orders")).hasSize(1);
	}

	@Test
	void replacesTheInstancesOfAGroupOnRegister() {
		UpstreamGroups groups = new UpstreamGroups(new UpstreamsProperties(
				Map.of("orders", new Group(List.of(Instance.valueOf("http://orders-1:8080")), null))));
		groups.register("ORDERS", List.of(URI.create("http://orders-2:8080"), URI.create("http://orders-3:8080")));
		assertThat(groups.names()).containsExactly("orders");
		assertThat(groups.instances("orders")).extracting(ServiceInstance::getHost)
			.containsExactly("orders-2", "orders-3");
		groups.register("orders", List.of());
		assertThat(groups.instances("orders")).isEmpty();
	}

	@Test
	void hasNoInstancesForAnUnknownGroup() {
		UpstreamGroups groups = new UpstreamGroups(new UpstreamsProperties(Map.of()));
		assertThat(groups.instances("orders")).isEmpty();
		assertThat(groups.names()).isEmpty();
	}

	@Test
	void handsOutSnapshotsOfTheNames() {
		UpstreamGroups groups = new UpstreamGroups(new UpstreamsProperties(Map.of()));
		groups.register("orders", List.of(URI.create("http://orders-1:8080")));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> groups.names().add("billing"));
		groups.register("billing", List.of(URI.create("http://billing:8080")));
		assertThat(groups.names()).containsExactlyInAnyOrder("orders", "billing");
	}

}
