package dev.portcullis.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.portcullis.testsupport.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo a new user meets with {@code ./mvnw spring-boot:run}: the default profile, its
 * two upstreams behind {@code /demo/**}, and the ways to switch it off.
 */
class DemoIntegrationTests {

	private static TestGateway demo;

	@BeforeAll
	static void start() {
		// No profile named: the default profile, demo, applies.
		demo = TestGateway.start(Map.of("portcullis.demo.enabled", "true"));
	}

	@AfterAll
	static void stop() {
		demo.close();
	}

	@Test
	void whoamiAnswersFromBothDemoInstancesInTurn() {
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			answers.add(demo.client()
				.get()
				.uri("/demo/whoami")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody());
		}
		assertThat(answers).containsOnly("{\"instance\":\"demo-1\"}", "{\"instance\":\"demo-2\"}");
		assertThat(answers.get(0)).isNotEqualTo(answers.get(1));
		assertThat(answers.get(0)).isEqualTo(answers.get(2));
	}

	@Test
	void demoRouteShowsItsRateLimit() {
		demo.client()
			.get()
			.uri("/demo/whoami")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("RateLimit-Policy", "\"1s\";q=20;w=1")
			.expectHeader()
			.valueMatches("RateLimit", "\"1s\";r=\\d+;t=\\d+")
			.expectBody(Void.class);
	}

	@Test
	void cacheableCarriesValidatorsAndAnswers304WhenTheyMatch() {
		demo.client()
			.get()
			.uri("/demo/cacheable")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Control", "public, max-age=30")
			.expectHeader()
			.valueEquals("ETag", "\"demo-v1\"")
			.expectHeader()
			.exists("Last-Modified")
			.expectBody(Void.class);
		demo.client()
			.get()
			.uri("/demo/cacheable")
			.header("If-None-Match", "\"demo-v1\"")
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectBody(Void.class);
	}

	@Test
	void cacheableIsServedFromTheResponseCacheOnTheSecondRequestAndCountsAgainstTheLimit() {
		demo.client()
			.get()
			.uri("/demo/cacheable?cache-demo")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Status", "portcullis; fwd=uri-miss; stored")
			.expectBody(Void.class);
		demo.client()
			.get()
			.uri("/demo/cacheable?cache-demo")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("Cache-Status", (status) -> assertThat(status).startsWith("portcullis; hit; ttl="))
			.expectHeader()
			.exists("Age")
			.expectHeader()
			.valueMatches("RateLimit", "\"1s\";r=\\d+;t=\\d+")
			.expectBody(Void.class);
	}

	@Test
	void statusAnswersWithTheChosenCode() {
		demo.client().get().uri("/demo/status/418").exchange().expectStatus().isEqualTo(418).expectBody(Void.class);
		demo.client().get().uri("/demo/status/503").exchange().expectStatus().isEqualTo(503).expectBody(Void.class);
		demo.client().get().uri("/demo/status/99").exchange().expectStatus().isBadRequest().expectBody(Void.class);
	}

	@Test
	void slowWaitsTheRequestedTime() {
		demo.client()
			.get()
			.uri("/demo/slow?delayMs=50")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.delayMs")
			.isEqualTo(50);
		demo.client()
			.get()
			.uri("/demo/slow?delayMs=-5")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(Void.class);
	}

	@Test
	void headersEchoesWhatTheUpstreamReceived() {
		demo.client()
			.get()
			.uri("/demo/headers")
			.header("X-Request-Id", "demo-echo")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.headers.X-Request-Id")
			.isEqualTo("demo-echo")
			.jsonPath("$.headers.X-Forwarded-For")
			.isEqualTo("127.0.0.1");
	}

	@Test
	void demoIsOffWhenDisabledByProperty() {
		try (TestGateway off = TestGateway.start(Map.of("portcullis.demo.enabled", "false"))) {
			off.client().get().uri("/demo/whoami").exchange().expectStatus().isNotFound().expectBody(Void.class);
		}
	}

	@Test
	void demoIsOffWhenAnotherProfileIsNamed() {
		try (TestGateway prod = TestGateway
			.start(Map.of("portcullis.demo.enabled", "true", "spring.profiles.active", "production"))) {
			prod.client().get().uri("/demo/whoami").exchange().expectStatus().isNotFound().expectBody(Void.class);
		}
	}

}
