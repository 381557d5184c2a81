package dev.portcullis.forwarding;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CidrTests {

	@Test
	void parsesIpv4Block() {
		Cidr cidr = Cidr.parse("10.0.0.0/8");
		assertThat(cidr.network()).containsExactly(10, 0, 0, 0);
		assertThat(cidr.prefixLength()).isEqualTo(8);
	}

	@Test
	void parsesIpv6Block() {
		Cidr cidr = Cidr.parse("fd00::/8");
		assertThat(cidr.network()).hasSize(16).startsWith((byte) 0xfd, (byte) 0x00);
		assertThat(cidr.prefixLength()).isEqualTo(8);
	}

	@ParameterizedTest
	@CsvSource({ "192.168.1.7, 32", "::1, 128", "2001:db8::7, 128" })
	void treatsBareAddressAsBlockOfOne(String text, int expectedPrefix) {
		assertThat(Cidr.parse(text).prefixLength()).isEqualTo(expectedPrefix);
	}

	@Test
	void ignoresSurroundingWhitespace() {
		Cidr cidr = Cidr.parse("  172.16.0.0/12 ");
		assertThat(cidr.network()).containsExactly(172, 16, 0, 0);
		assertThat(cidr.prefixLength()).isEqualTo(12);
	}

	@ParameterizedTest
	@CsvSource({ "0.0.0.0/0, 0", "10.0.0.0/32, 32", "::/0, 0", "::1/128, 128", "10.8.0.0/13, 13", "2001:db8::/33, 33" })
	void acceptsEveryPrefixLengthWithinTheAddressWidth(String text, int expectedPrefix) {
		assertThat(Cidr.parse(text).prefixLength()).isEqualTo(expectedPrefix);
	}

	@ParameterizedTest
	@CsvSource({ "10.0.0.0/33, 32", "10.0.0.0/-1, 32", "10.0.0.0/, 32", "10.0.0.0/eight, 32", "10.0.0.0/8/8, 32",
			"'10.0.0.0/ 8', 32", "::/129, 128", "fd00::/-8, 128" })
	void refusesPrefixLengthOutsideTheAddressWidth(String text, int maxBits) {
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse(text))
			.withMessage("'" + text + "' has a prefix length outside 0.." + maxBits);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/8", "localhost", "localhost/8", "example.com/24", "10.0.0", "10.0.0.0.0", "1.2.3.4.",
			"0x0a.0.0.0/8", "10.0.0.0a/8", "gateway:8080", "cafe:babe", "1::2::3", "1:2:3:4:5:6:7:8:9",
			"fe80::1%eth0/64" })
	void refusesTextThatIsNotAnAddress(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse(text))
			.withMessage("'" + text + "' is not an IP address or CIDR block");
	}

	@ParameterizedTest
	@CsvSource({ "10.0.0.0/8, 10.0.0.0, true", "10.0.0.0/8, 10.255.255.255, true", "10.0.0.0/8, 9.255.255.255, false",
			"10.0.0.0/8, 11.0.0.0, false", "172.16.0.0/12, 172.31.255.255, true", "172.16.0.0/12, 172.32.0.0, false",
			"172.16.0.0/12, 172.15.255.255, false", "10.8.0.0/13, 10.8.0.0, true", "10.8.0.0/13, 10.15.255.255, true",
			"10.8.0.0/13, 10.16.0.0, false", "10.8.0.0/13, 10.7.255.255, false", "200.0.0.0/5, 207.255.255.255, true",
			"200.0.0.0/5, 208.0.0.0, false", "200.0.0.0/5, 199.255.255.255, false", "0.0.0.0/1, 127.255.255.255, true",
			"0.0.0.0/1, 128.0.0.0, false", "128.0.0.0/1, 255.255.255.255, true", "128.0.0.0/1, 127.255.255.255, false",
			"10.0.0.0/31, 10.0.0.1, true", "10.0.0.0/31, 10.0.0.2, false", "0.0.0.0/0, 0.0.0.0, true",
			"0.0.0.0/0, 255.255.255.255, true", "192.168.1.7/32, 192.168.1.7, true",
			"192.168.1.7/32, 192.168.1.6, false", "192.168.1.7/32, 192.168.1.8, false",
			"192.168.1.7, 192.168.1.7, true", "192.168.1.7, 192.168.1.70, false", "10.1.2.3/8, 10.200.0.1, true",
			"10.1.2.3/8, 11.1.2.3, false", "fd00::/8, fd00::, true",
			"fd00::/8, fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true", "fd00::/8, fc00::1, false",
			"fd00::/8, fe00::, false", "2001:db8::/32, 2001:db8:ffff::1, true", "2001:db8::/32, 2001:db9::, false",
			"2001:db8::/33, 2001:db8:7fff:ffff::1, true", "2001:db8::/33, 2001:db8:8000::, false", "::/0, ::, true",
			"::/0, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true", "::1/128, ::1, true", "::1/128, ::2, false",
			"::1/128, ::, false" })
	void containsExactlyTheAddressesInsideTheBlock(String block, String address, boolean expected) {
		assertThat(Cidr.parse(block).contains(literal(address))).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "0.0.0.0/0, ::1", "0.0.0.0/0, ::", "::/0, 10.0.0.1", "::/0, 0.0.0.0", "10.0.0.0/8, fd00::a00:1" })
	void neverContainsAnAddressOfTheOtherFamily(String block, String address) {
		assertThat(Cidr.parse(block).contains(literal(address))).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "10.0.0.1, 10.0.0.1", "' 10.0.0.1 ', 10.0.0.1", "::1, 0:0:0:0:0:0:0:1", "[::1], 0:0:0:0:0:0:0:1",
			"' [2001:db8::7] ', 2001:db8:0:0:0:0:0:7", "2001:DB8::7, 2001:db8:0:0:0:0:0:7" })
	void parsesAddressLiterals(String text, String expected) {
		InetAddress address = Cidr.parseAddress(text);
		assertThat(address).isNotNull();
		assertThat(address.getHostAddress()).isEqualTo(expected);
	}

	@Test
	void parsesBracketedIpv6AsIpv6() {
		assertThat(Cidr.parseAddress("[fd00::1]")).isInstanceOf(Inet6Address.class);
		assertThat(Cidr.parseAddress("10.0.0.1")).isInstanceOf(Inet4Address.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "localhost", "[localhost]", "example.com", "[::1", "::1]", "[]", "[::1]:8080",
			"10.0.0.1:8080", "unknown", "_hidden", "10.0.0" })
	void returnsNullForTextThatIsNotAnAddressLiteral(String text) {
		assertThat(Cidr.parseAddress(text)).isNull();
	}

	@Test
	void refusesHostNamesEvenWhenTheyWouldResolve() {
		// localhost always resolves, so a lookup would have returned the loopback
		// address
		assertThat(Cidr.parseAddress("localhost")).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse("localhost/32"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "999.1.1.1", "256.0.0.1", "1.2.3.300" })
	void refusesDottedNumbersOutsideTheOctetRangeWithoutLookingThemUp(String text) {
		// InetAddress would take these for host names and ask the resolver
		assertThat(Cidr.parseAddress(text)).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse(text + "/8"));
	}

	@Test
	void refusesIpv4MappedIpv6BlocksWithAHint() {
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse("::ffff:10.0.0.0/104"))
			.withMessageContaining("write the IPv4 block");
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
