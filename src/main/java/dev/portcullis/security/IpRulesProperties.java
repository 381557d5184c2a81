package dev.portcullis.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The IP rules every public-port request must pass, before routing.
 *
 * @param allow address blocks (CIDR, IPv4 or IPv6) clients must come from; empty: any
 * @param deny address blocks whose clients are refused, also when an allow block holds
 * them
 */
@ConfigurationProperties("portcullis.ip-rules")
public record IpRulesProperties(@DefaultValue List<String> allow, @DefaultValue List<String> deny) {

	public IpRulesProperties {
		IpRules.parse("portcullis.ip-rules", allow, deny);
	}

	IpRules rules() {
		return IpRules.parse("portcullis.ip-rules", this.allow, this.deny);
	}

}
