package dev.portcullis.upstream;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import dev.portcullis.config.InvalidPropertyException;
import dev.portcullis.forwarding.Cidr;
import dev.portcullis.forwarding.TrustedProxies;
import dev.portcullis.upstream.RegionsProperties.Region;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClientRegionsTests {

	private static final TrustedProxies PROXY_10 = new TrustedProxies(List.of(Cidr.parse("10.0.0.0/8")));

	private static final RegionsProperties PROPERTIES = new RegionsProperties("CloudFront-Viewer-Country",
			linked("eu", new Region(List.of("203.0.113.0/24", "2001:db8:e::/48"), List.of("de", "FR")), "us",
					new Region(List.of("198.51.100.0/24"), List.of("US")), "office",
					new Region(List.of("203.0.113.64/26"), null)));

	private final ClientRegions regions = new ClientRegions(PROPERTIES, PROXY_10);

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# peer       | X-Forwarded-For      | country | region
			203.0.113.9  | -                    | -       | eu
			198.51.100.7 | -                    | -       | us
			192.0.2.1    | -                    | -       | -
			2001:db8:e::5| -                    | -       | eu
			203.0.113.70 | -                    | -       | eu
			10.1.1.1     | 198.51.100.7         | -       | us
			10.1.1.1     | 203.0.113.9, 10.2.2.2| -       | eu
			192.0.2.1    | 198.51.100.7         | -       | -
			10.1.1.1     | 192.0.2.1            | DE      | eu
			10.1.1.1     | 192.0.2.1            | fr      | eu
			10.1.1.1     | 192.0.2.1            | us      | us
			10.1.1.1     | 192.0.2.1            | JP      | -
			192.0.2.1    | -                    | DE      | -
			10.1.1.1     | 198.51.100.7         | DE      | us
			""")
	void placesTheClientByAddressFirstThenByTheTrustedHeader(String peer, @Nullable String forwardedFor,
			@Nullable String country, @Nullable String region) {
		assertThat(this.regions.regionOf(new InetSocketAddress(peer, 40000),
				(forwardedFor != null) ? List.of(forwardedFor) : List.of(), country))
			.isEqualTo(region);
	}

	@Test
	void knowsWhichRegionsAreDefined() {
		assertThat(this.regions.isDefined("EU")).isTrue();
		assertThat(this.regions.isDefined("asia")).isFalse();
	}

	@Test
	void refusesBadRegions() {
		assertThatExceptionOfType(InvalidPropertyException.class)
			.isThrownBy(() -> new RegionsProperties(null, Map.of("eu", new Region(List.of("not-a-cidr"), null))))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("portcullis.regions.named.eu.cidrs[0]"));
		assertThatExceptionOfType(InvalidPropertyException.class)
			.isThrownBy(() -> new RegionsProperties(null, Map.of("eu", new Region(null, List.of("DE")))))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("portcullis.regions.named.eu.countries"));
		assertThatExceptionOfType(InvalidPropertyException.class)
			.isThrownBy(() -> new RegionsProperties(null, Map.of("eu", new Region(null, null))))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("portcullis.regions.named.eu.cidrs"));
		assertThatExceptionOfType(InvalidPropertyException.class)
			.isThrownBy(() -> new RegionsProperties("Bad Header", Map.of()))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("portcullis.regions.header"));
	}

	private static Map<String, Region> linked(Object... pairs) {
		Map<String, Region> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], (Region) pairs[i + 1]);
		}
		return map;
	}

}
