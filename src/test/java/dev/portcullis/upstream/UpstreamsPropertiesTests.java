package dev.portcullis.upstream;

import java.util.List;
import java.util.Map;

import dev.portcullis.config.InvalidPropertyException;
import dev.portcullis.upstream.UpstreamsProperties.Group;
import dev.portcullis.upstream.UpstreamsProperties.Instance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

class UpstreamsPropertiesTests {

	@Test
	void bindsTheShortForm() {
		UpstreamsProperties properties = bind(Map.of("portcullis.upstreams.orders.instances[0]", "http://a:8080",
				"portcullis.upstreams.orders.instances[1]", "https://b:8443"));
		assertThat(uris(properties, "orders")).containsExactly("http://a:8080", "https://b:8443");
	}

	@Test
	void bindsTheCommaSeparatedForm() {
		UpstreamsProperties properties = bind(
				Map.of("portcullis.upstreams.orders.instances", "http://a:8080, http://b:8080"));
		assertThat(uris(properties, "orders")).containsExactly("http://a:8080", "http://b:8080");
	}

	@Test
	void bindsTheObjectForm() {
		UpstreamsProperties properties = bind(Map.of("portcullis.upstreams.orders.instances[0].uri", "http://a:8080",
				"portcullis.upstreams.orders.instances[1].uri", "http://b:8080"));
		assertThat(uris(properties, "orders")).containsExactly("http://a:8080", "http://b:8080");
	}

	@Test
	void bindsSeveralGroups() {
		UpstreamsProperties properties = bind(Map.of("portcullis.upstreams.orders.instances", "http://a:8080",
				"portcullis.upstreams.billing-eu.instances[0]", "https://billing/"));
		assertThat(properties.upstreams()).containsOnlyKeys("orders", "billing-eu");
		assertThat(uris(properties, "billing-eu")).containsExactly("https://billing/");
	}

	@Test
	void lowercasesGroupNames() {
		UpstreamsProperties properties = bind(Map.of("portcullis.upstreams[Orders].instances[0]", "http://a:8080"));
		assertThat(properties.upstreams()).containsOnlyKeys("orders");
	}

	@Test
	void hasNoGroupsWhenNoneAreConfigured() {
		UpstreamsProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
			.bindOrCreate("portcullis", Bindable.of(UpstreamsProperties.class));
		assertThat(properties.upstreams()).isEmpty();
		assertThat(new UpstreamsProperties(null).upstreams()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://a:8080", "https://a", "http://a:8080/", "HTTP://A:8080", " http://a:8080 ",
			"http://10.0.0.7:8080", "http://[fd00::7]:8080", "http://orders-1.internal" })
	void acceptsSchemeHostAndPortOnly(String uri) {
		assertThat(Instance.valueOf(uri).problem()).isNull();
	}

	@Test
	void refusesAnEmptyGroup() {
		InvalidPropertyException failure = bindFailure(Map.of("portcullis.upstreams.orders.instances", ""));
		assertThat(failure.property()).isEqualTo("portcullis.upstreams.orders.instances");
		assertThat(failure.problem())
			.isEqualTo("a group needs at least one instance (or a kubernetes.service to discover them)");
	}

	@Test
	void namesTheIndexOfABadInstance() {
		InvalidPropertyException failure = bindFailure(Map.of("portcullis.upstreams.orders.instances[0]",
				"http://a:8080", "portcullis.upstreams.orders.instances[1]", "ftp://b:21"));
		assertThat(failure.property()).isEqualTo("portcullis.upstreams.orders.instances[1]");
		assertThat(failure.problem()).isEqualTo("'ftp://b:21' is not an absolute http(s) URI");
		assertThat(failure)
			.hasMessage("portcullis.upstreams.orders.instances[1]: 'ftp://b:21' is not an absolute http(s) URI");
	}

	@Test
	void namesTheIndexOfABadInstanceInTheObjectForm() {
		InvalidPropertyException failure = bindFailure(Map.of("portcullis.upstreams.orders.instances[0].uri",
				"http://a:8080", "portcullis.upstreams.orders.instances[1].uri", "http://b:8080/orders"));
		assertThat(failure.property()).isEqualTo("portcullis.upstreams.orders.instances[1]");
		assertThat(failure.problem()).contains("must be scheme://host[:port] only");
	}

	@Test
	void namesTheIndexOfABadInstanceInTheCommaSeparatedForm() {
		InvalidPropertyException failure = bindFailure(
				Map.of("portcullis.upstreams.orders.instances", "http://a:8080,http://b:8080,b:8080"));
		assertThat(failure.property()).isEqualTo("portcullis.upstreams.orders.instances[2]");
		assertThat(failure.problem()).isEqualTo("'b:8080' is not an absolute http(s) URI");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = {
			"ftp://a:21 | 'ftp://a:21' is not an absolute http(s) URI",
			"a:8080 | 'a:8080' is not an absolute http(s) URI", "//a:8080 | '//a:8080' is not an absolute http(s) URI",
			"http:/a | 'http:/a' has no host", "http://orders_1:8080 | 'http://orders_1:8080' has no host",
			"http://a:8080/orders | 'http://a:8080/orders' must be scheme://host[:port] only; the route decides the path",
			"http://a:8080?x=1 | 'http://a:8080?x=1' must be scheme://host[:port] only; the route decides the path",
			"http://a:8080#top | 'http://a:8080#top' must be scheme://host[:port] only; the route decides the path",
			"http://user:pw@a:8080 | 'http://user:pw@a:8080' must be scheme://host[:port] only; the route decides the path",
			"http://a:99999 | 'http://a:99999' has a port outside 1..65535",
			"http://a:0 | 'http://a:0' has a port outside 1..65535" })
	void explainsWhatIsWrongWithAnInstance(String uri, String expectedProblem) {
		InvalidPropertyException failure = bindFailure(Map.of("portcullis.upstreams.orders.instances[0]", uri));
		assertThat(failure.property()).isEqualTo("portcullis.upstreams.orders.instances[0]");
		assertThat(failure.problem()).isEqualTo(expectedProblem);
	}

	@Test
	void refusesAnInstanceThatIsNotAUri() {
		InvalidPropertyException failure = bindFailure(
				Map.of("portcullis.upstreams.orders.instances[0]", "http://a b:8080"));
		assertThat(failure.property()).isEqualTo("portcullis.upstreams.orders.instances[0]");
		assertThat(failure.problem()).startsWith("'http://a b:8080' is not a valid URI (");
	}

	@Test
	void refusesAnInstanceWithoutAUri() {
		InvalidPropertyException failure = bindFailure(Map.of("portcullis.upstreams.orders.instances[0].uri", " "));
		assertThat(failure.property()).isEqualTo("portcullis.upstreams.orders.instances[0]");
		assertThat(failure.problem()).isEqualTo("an instance needs a uri");
	}

	@ParameterizedTest
	@ValueSource(strings = { "orders_eu", "orders.eu", "-orders", "orders-", "ord ers" })
	void refusesAGroupNameThatCannotBeAHost(String name) {
		InvalidPropertyException failure = bindFailure(
				Map.of("portcullis.upstreams[" + name + "].instances[0]", "http://a:8080"));
		assertThat(failure.property()).isEqualTo("portcullis.upstreams." + name);
		assertThat(failure.problem()).contains("only letters, digits and '-'");
	}

	@Test
	void checksGroupsBuiltWithoutABinder() {
		assertThatExceptionOfType(InvalidPropertyException.class)
			.isThrownBy(() -> new UpstreamsProperties(Map.of("orders", new Group(List.of(), null))))
			.withMessageStartingWith("portcullis.upstreams.orders.instances: a group needs at least one instance");
		assertThatExceptionOfType(InvalidPropertyException.class)
			.isThrownBy(() -> new UpstreamsProperties(Map.of("orders",
					new Group(List.of(Instance.valueOf("http://a:8080"), new Instance(null, null)), null))))
			.withMessage("portcullis.upstreams.orders.instances[1]: an instance needs a uri");
	}

	@Test
	void bindsAGroupDiscoveredFromAKubernetesService() {
		UpstreamsProperties properties = bind(Map.of("portcullis.upstreams.orders.kubernetes.service", "orders-svc",
				"portcullis.upstreams.orders.kubernetes.namespace", "shop",
				"portcullis.upstreams.orders.kubernetes.port", "http"));
		Group orders = properties.upstreams().get("orders");
		assertThat(orders.instances()).isEmpty();
		assertThat(orders.kubernetes()).isEqualTo(new UpstreamsProperties.Kubernetes("orders-svc", "shop", "http"));
	}

	@Test
	void refusesAGroupWithBothInstancesAndAKubernetesService() {
		InvalidPropertyException failure = bindFailure(Map.of("portcullis.upstreams.orders.instances[0]",
				"http://a:8080", "portcullis.upstreams.orders.kubernetes.service", "orders"));
		assertThat(failure.property()).isEqualTo("portcullis.upstreams.orders.instances");
		assertThat(failure.problem()).contains("not both");
	}

	@ParameterizedTest
	@ValueSource(strings = { " ", "Orders", "orders_svc", "-orders" })
	void refusesAnInvalidKubernetesServiceName(String service) {
		InvalidPropertyException failure = bindFailure(
				Map.of("portcullis.upstreams.orders.kubernetes.service", service));
		assertThat(failure.property()).isEqualTo("portcullis.upstreams.orders.kubernetes.service");
	}

	private static UpstreamsProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties))
			.bind("portcullis", Bindable.of(UpstreamsProperties.class))
			.get();
	}

	private static InvalidPropertyException bindFailure(Map<String, String> properties) {
		BindException failure = assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(properties))
			.actual();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidPropertyException invalid) {
				return invalid;
			}
		}
		return fail("No InvalidPropertyException in the cause chain of %s", failure);
	}

	private static List<String> uris(UpstreamsProperties properties, String group) {
		return properties.upstreams().get(group).instances().stream().map((i) -> i.toUri().toString()).toList();
	}

}
