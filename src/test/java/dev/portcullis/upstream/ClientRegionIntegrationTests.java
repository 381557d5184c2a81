package dev.portcullis.upstream;

import java.util.List;

import dev.portcullis.testsupport.Routes;
import dev.portcullis.testsupport.TestGateway;
import dev.portcullis.testsupport.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Clients from two regions reach their own upstream groups, placed by their address
 * behind a trusted proxy or by the trusted edge's country header; everyone else takes the
 * fallback route.
 */
class ClientRegionIntegrationTests {

	private static final String ROUTES = "spring.cloud.gateway.server.webflux.routes";

	private static TestUpstream eu;

	private static TestUpstream us;

	private static TestUpstream rest;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		eu = TestUpstream.start("eu");
		us = TestUpstream.start("us");
		rest = TestUpstream.start("rest");
		gateway = TestGateway.start(new Routes().group("eu", eu)
			.group("us", us)
			.group("rest", rest)
			.route("eu", "lb://eu", List.of("Path=/shop/**", "ClientRegion=eu"), List.of())
			.route("us", "lb://us", List.of("Path=/shop/**", "ClientRegion=us"), List.of())
			.route("rest", "lb://rest", List.of("Path=/shop/**"), List.of())
			.with(ROUTES + "[0].order", "1")
			.with(ROUTES + "[1].order", "1")
			.with(ROUTES + "[2].order", "2")
			// The tests' own connections come from loopback: a trusted proxy.
			.with("portcullis.forwarding.trusted-proxies", "127.0.0.1/32")
			.with("portcullis.regions.header", "CloudFront-Viewer-Country")
			.with("portcullis.regions.named.eu.cidrs", "203.0.113.0/24")
			.with("portcullis.regions.named.eu.countries", "DE,FR")
			.with("portcullis.regions.named.us.cidrs", "198.51.100.0/24,2001:db8:5::/48")
			.with("portcullis.regions.named.us.countries", "US")
			.properties());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		eu.close();
		us.close();
		rest.close();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			203.0.113.9   | -  | eu
			198.51.100.20 | -  | us
			2001:db8:5::1 | -  | us
			192.0.2.1     | DE | eu
			192.0.2.1     | us | us
			192.0.2.1     | JP | rest
			192.0.2.1     | -  | rest
			""")
	void clientsReachTheGroupOfTheirRegion(String forwardedFor, String country, String expected) {
		gateway.client().get().uri("/shop/item").header("X-Forwarded-For", forwardedFor).headers((headers) -> {
			if (country != null) {
				headers.set("CloudFront-Viewer-Country", country);
			}
		})
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Upstream", expected)
			.expectBody()
			.consumeWith((body) -> {
			});
	}

}
