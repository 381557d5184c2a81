package dev.portcullis.forwarding;

import java.util.ArrayList;
import java.util.List;

import dev.portcullis.config.InvalidPropertyException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ForwardingPropertiesTests {

	@Test
	void trustsNoOneByDefault() {
		ForwardingProperties properties = new ForwardingProperties(null);
		assertThat(properties.trustedProxies()).isEmpty();
		assertThat(properties.blocks()).isEmpty();
	}

	@Test
	void parsesEachTrustedBlock() {
		List<Cidr> blocks = new ForwardingProperties(List.of("10.0.0.0/8", " fd00::/8 ", "192.168.1.7")).blocks();
		assertThat(blocks).extracting(Cidr::prefixLength).containsExactly(8, 8, 32);
		assertThat(blocks).extracting((block) -> block.network().length).containsExactly(4, 16, 4);
	}

	@Test
	void namesTheIndexOfABadBlock() {
		assertThatExceptionOfType(InvalidPropertyException.class)
			.isThrownBy(() -> new ForwardingProperties(List.of("10.0.0.0/8", "10.0.0.0/33")))
			.satisfies((ex) -> {
				assertThat(ex.property()).isEqualTo("portcullis.forwarding.trusted-proxies[1]");
				assertThat(ex.problem()).isEqualTo("'10.0.0.0/33' has a prefix length outside 0..32");
			})
			.withMessage("portcullis.forwarding.trusted-proxies[1]: '10.0.0.0/33' has a prefix length outside 0..32");
	}

	@Test
	void refusesAHostNameAsATrustedBlock() {
		assertThatExceptionOfType(InvalidPropertyException.class)
			.isThrownBy(() -> new ForwardingProperties(List.of("proxy.internal")))
			.withMessage(
					"portcullis.forwarding.trusted-proxies[0]: 'proxy.internal' is not an IP address or CIDR block");
	}

	@Test
	void keepsItsOwnCopyOfTheList() {
		List<String> blocks = new ArrayList<>(List.of("10.0.0.0/8"));
		ForwardingProperties properties = new ForwardingProperties(blocks);
		blocks.add("not a block");
		assertThat(properties.trustedProxies()).containsExactly("10.0.0.0/8");
		assertThat(properties.blocks()).hasSize(1);
	}

}
