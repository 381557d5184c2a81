package dev.portcullis.security;

import java.util.Arrays;
import java.util.List;

import dev.portcullis.config.InvalidPropertyException;
import dev.portcullis.forwarding.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpRulesTests {

	@ParameterizedTest(name = "allow [{0}] deny [{1}]: {2} -> {3}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			''                         | ''                     | 203.0.113.7      | true
			''                         | ''                     | 2001:db8::1      | true
			''                         | ''                     | -                | true
			10.0.0.0/8                 | ''                     | 10.1.2.3         | true
			10.0.0.0/8                 | ''                     | 11.1.2.3         | false
			10.0.0.0/8                 | ''                     | -                | false
			10.0.0.0/8                 | ''                     | 2001:db8::1      | false
			''                         | 10.0.0.0/8             | 10.1.2.3         | false
			''                         | 10.0.0.0/8             | 11.1.2.3         | true
			''                         | 10.0.0.0/8             | -                | true
			10.0.0.0/8                 | 10.6.0.0/16            | 10.6.1.1         | false
			10.0.0.0/8                 | 10.6.0.0/16            | 10.7.1.1         | true
			10.0.0.0/8;2001:db8::/32   | ''                     | 2001:db8:1::1    | true
			10.0.0.0/8;2001:db8::/32   | ''                     | 2001:db9::1      | false
			2001:db8::/32              | 2001:db8:dead::/48     | 2001:db8:dead::1 | false
			2001:db8::/32              | 2001:db8:dead::/48     | 2001:db8:beef::1 | true
			''                         | ::1                    | ::1              | false
			''                         | ::1                    | 127.0.0.1        | true
			192.168.1.7                | ''                     | 192.168.1.7      | true
			192.168.1.7                | ''                     | 192.168.1.8      | false
			0.0.0.0/0                  | ''                     | 198.51.100.1     | true
			0.0.0.0/0                  | ''                     | 2001:db8::1      | false
			::/0                       | 0.0.0.0/0              | 2001:db8::1      | true
			::/0                       | 0.0.0.0/0              | 198.51.100.1     | false
			10.0.0.0/8                 | 10.0.0.0/8             | 10.0.0.1         | false
			""")
	void permitsByDenyThenAllow(String allow, String deny, String client, boolean permitted) {
		IpRules rules = IpRules.parse("rules", list(allow), list(deny));
		assertThat(rules.permits((client != null) ? Cidr.parseAddress(client) : null)).isEqualTo(permitted);
	}

	@Test
	void noListsMeanNoRules() {
		assertThat(IpRules.parse("rules", null, null).isEmpty()).isTrue();
		assertThat(IpRules.NONE.isEmpty()).isTrue();
		assertThat(IpRules.parse("rules", List.of(), List.of("10.0.0.0/8")).isEmpty()).isFalse();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			10.0.0.0/33       | rules.allow[1] | prefix length
			example.com       | rules.allow[1] | not an IP address
			::ffff:10.0.0.0/104 | rules.allow[1] | IPv4-mapped
			""")
	void aBadBlockNamesItsIndex(String block, String property, String problem) {
		assertThatThrownBy(() -> IpRules.parse("rules", List.of("10.0.0.0/8", block), null))
			.isInstanceOfSatisfying(InvalidPropertyException.class, (ex) -> {
				assertThat(ex.property()).isEqualTo(property);
				assertThat(ex.problem()).contains(problem);
			});
		assertThatThrownBy(() -> IpRules.parse("rules", null, List.of(block))).isInstanceOfSatisfying(
				InvalidPropertyException.class, (ex) -> assertThat(ex.property()).isEqualTo("rules.deny[0]"));
	}

	private static List<String> list(String blocks) {
		return blocks.isEmpty() ? List.of() : Arrays.asList(blocks.split(";"));
	}

}
