package dev.portcullis.forwarding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TrustedProxiesTests {

	private final TrustedProxies trusted = new TrustedProxies(
			List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")));

	@Test
	void believesNoHeaderWhenNoBlockIsTrusted() {
		TrustedProxies none = new TrustedProxies(List.of());
		assertThat(none.clientAddress(peer("10.0.0.1"), List.of("198.51.100.1"))).isEqualTo(literal("10.0.0.1"));
		assertThat(none.clientAddress(peer("203.0.113.9"), List.of("198.51.100.1, 10.0.0.1")))
			.isEqualTo(literal("203.0.113.9"));
	}

	@Test
	void ignoresHeaderFromAnUntrustedPeer() {
		assertThat(this.trusted.clientAddress(peer("203.0.113.9"), List.of("198.51.100.1")))
			.isEqualTo(literal("203.0.113.9"));
	}

	@Test
	void usesTrustedPeerWhenThereIsNoHeader() {
		assertThat(this.trusted.clientAddress(peer("10.0.0.1"), List.of())).isEqualTo(literal("10.0.0.1"));
		assertThat(this.trusted.clientAddress(peer("10.0.0.1"), List.of(" , "))).isEqualTo(literal("10.0.0.1"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "198.51.100.1 | 198.51.100.1", "198.51.100.1, 203.0.113.7 | 203.0.113.7",
					"198.51.100.1, 203.0.113.7, 10.0.0.5 | 203.0.113.7",
					"198.51.100.1, 203.0.113.7, 10.0.0.5, 10.9.9.9 | 203.0.113.7",
					"203.0.113.7, fd00::5, 10.0.0.6 | 203.0.113.7", "2001:db8::7, fd00::2 | 2001:db8:0:0:0:0:0:7",
					"10.0.0.3, 10.0.0.4 | 10.0.0.3", "fd00::3, 10.0.0.4 | fd00:0:0:0:0:0:0:3" })
	void walksFromTheRightSkippingTrustedHops(String forwardedFor, String expectedClient) {
		assertThat(this.trusted.clientAddress(peer("10.0.0.1"), List.of(forwardedFor)))
			.isEqualTo(literal(expectedClient));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "198.51.100.1, unknown | 10.0.0.1", "198.51.100.1, unknown, 10.0.0.5 | 10.0.0.5",
					"198.51.100.1, _hidden, 10.0.0.5, 10.0.0.6 | 10.0.0.5", "203.0.113.7, 999 | 10.0.0.1",
					"localhost | 10.0.0.1", "198.51.100.1, [fd00::5 | 10.0.0.1", "garbage, 203.0.113.7 | 203.0.113.7" })
	void stopsAtTheLastBelievableHopWhenAnEntryIsMalformed(String forwardedFor, String expectedClient) {
		assertThat(this.trusted.clientAddress(peer("10.0.0.1"), List.of(forwardedFor)))
			.isEqualTo(literal(expectedClient));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "203.0.113.7:4711 | 203.0.113.7", "203.0.113.7:4711, 10.0.0.5:80 | 203.0.113.7",
					"[2001:db8::7]:4711 | 2001:db8:0:0:0:0:0:7", "[2001:db8::7] | 2001:db8:0:0:0:0:0:7",
					"2001:db8::7 | 2001:db8:0:0:0:0:0:7", "2001:db8::7, [fd00::5]:443 | 2001:db8:0:0:0:0:0:7" })
	void acceptsHopsWithPortsAndBracketedIpv6(String forwardedFor, String expectedClient) {
		assertThat(this.trusted.clientAddress(peer("10.0.0.1"), List.of(forwardedFor)))
			.isEqualTo(literal(expectedClient));
	}

	@Test
	void readsMultipleHeaderValuesAsOneListInOrder() {
		assertThat(this.trusted.clientAddress(peer("10.0.0.1"), List.of("198.51.100.1, 203.0.113.7", "10.0.0.5")))
			.isEqualTo(literal("203.0.113.7"));
		assertThat(this.trusted.clientAddress(peer("10.0.0.1"), List.of("203.0.113.7", "10.0.0.5, 10.0.0.6")))
			.isEqualTo(literal("203.0.113.7"));
		assertThat(this.trusted.clientAddress(peer("10.0.0.1"), List.of("10.0.0.4", "", "10.0.0.5,,10.0.0.6, ")))
			.isEqualTo(literal("10.0.0.4"));
	}

	@Test
	void returnsNullWithoutAPeerAddress() {
		assertThat(this.trusted.clientAddress(null, List.of("203.0.113.7"))).isNull();
		assertThat(
				this.trusted.clientAddress(InetSocketAddress.createUnresolved("10.0.0.1", 80), List.of("203.0.113.7")))
			.isNull();
	}

	@Test
	void trustsOnlyAddressesInsideABlock() {
		assertThat(this.trusted.isTrusted(literal("10.255.0.1"))).isTrue();
		assertThat(this.trusted.isTrusted(literal("fd12::1"))).isTrue();
		assertThat(this.trusted.isTrusted(literal("11.0.0.1"))).isFalse();
		assertThat(this.trusted.isTrusted(literal("fe80::1"))).isFalse();
		assertThat(this.trusted.isTrusted(null)).isFalse();
	}

	private static InetSocketAddress peer(String address) {
		return new InetSocketAddress(literal(address), 50123);
	}

	private static InetAddress literal(String address) {
		try {
			return InetAddress.getByName(address);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(address + " is not a literal", ex);
		}
	}

}
