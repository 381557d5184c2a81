package dev.portcullis.forwarding;

import java.util.ArrayList;
import java.util.List;

import dev.portcullis.config.InvalidPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the gateway believes of the forwarding headers it receives.
 *
 * @param trustedProxies CIDR blocks (IPv4 or IPv6) of proxies in front of the gateway
 * whose {@code X-Forwarded-*} headers are believed; empty means no one's are
 */
@ConfigurationProperties("portcullis.forwarding")
public record ForwardingProperties(List<String> trustedProxies) {

	public ForwardingProperties(@Nullable List<String> trustedProxies) {
		this.trustedProxies = (trustedProxies != null) ? List.copyOf(trustedProxies) : List.of();
		blocks();
	}

	/** The trusted blocks, parsed; a bad one stops start-up naming its index. */
	public List<Cidr> blocks() {
		List<Cidr> blocks = new ArrayList<>();
		for (int i = 0; i < this.trustedProxies.size(); i++) {
			try {
				blocks.add(Cidr.parse(this.trustedProxies.get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidPropertyException("portcullis.forwarding.trusted-proxies[" + i + "]", ex.getMessage());
			}
		}
		return blocks;
	}

}
