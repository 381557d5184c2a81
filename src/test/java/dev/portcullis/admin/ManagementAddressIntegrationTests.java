package dev.portcullis.admin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

import dev.portcullis.testsupport.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code management.server.address} binds the management port to one address only, apart
 * from the public port's, and the admin rules still hold there.
 */
class ManagementAddressIntegrationTests {

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		gateway = TestGateway.start(Map.of("server.address", "127.0.0.2", "management.server.address", "127.0.0.1"));
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	@Test
	void managementListensOnItsOwnAddressOnly() throws IOException {
		assertThat(connects("127.0.0.1", gateway.managementPort())).isTrue();
		assertThatThrownBy(() -> connects("127.0.0.2", gateway.managementPort())).isInstanceOf(ConnectException.class);
	}

	@Test
	void publicPortListensOnTheServerAddressOnly() throws IOException {
		assertThat(connects("127.0.0.2", gateway.port())).isTrue();
		assertThatThrownBy(() -> connects("127.0.0.1", gateway.port())).isInstanceOf(ConnectException.class);
	}

	@Test
	void healthIsOpenAndAdminEndpointsNeedTheAdminThere() {
		WebTestClient management = gateway.management();
		management.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody().consumeWith((b) -> {
		});
		management.get()
			.uri("/actuator/gateway/routes")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.consumeWith((b) -> {
			});
		gateway.admin()
			.get()
			.uri("/actuator/gateway/routes")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.consumeWith((b) -> {
			});
	}

	@Test
	void actuatorIsNotServedOnThePublicPort() {
		WebTestClient client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.2:" + gateway.port())
			.responseTimeout(Duration.ofSeconds(20))
			.build();
		client.get().uri("/actuator/health").exchange().expectStatus().isNotFound().expectBody().consumeWith((b) -> {
		});
	}

	private static boolean connects(String host, int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 5000);
			return socket.isConnected();
		}
	}

}
