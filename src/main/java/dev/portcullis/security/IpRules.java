package dev.portcullis.security;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import dev.portcullis.config.InvalidPropertyException;
import dev.portcullis.forwarding.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * Allow and deny lists of address blocks (IPv4 and IPv6). A client in a denied block is
 * refused whatever the allow list says (deny wins); a non-empty allow list refuses every
 * client outside it (default deny); with both lists empty every client passes. A client
 * whose address is unknown passes only when there is no allow list.
 */
final class IpRules {

	static final IpRules NONE = new IpRules(List.of(), List.of());

	private final List<Cidr> allow;

	private final List<Cidr> deny;

	IpRules(List<Cidr> allow, List<Cidr> deny) {
		this.allow = List.copyOf(allow);
		this.deny = List.copyOf(deny);
	}

	/**
	 * Parses the lists; a bad entry throws {@link InvalidPropertyException} naming
	 * {@code <property>.allow[i]} or {@code <property>.deny[i]}.
	 */
	static IpRules parse(String property, @Nullable List<String> allow, @Nullable List<String> deny) {
		return new IpRules(blocks(property + ".allow", allow), blocks(property + ".deny", deny));
	}

	private static List<Cidr> blocks(String property, @Nullable List<String> texts) {
		List<Cidr> blocks = new ArrayList<>();
		if (texts == null) {
			return blocks;
		}
		for (int i = 0; i < texts.size(); i++) {
			try {
				blocks.add(Cidr.parse(texts.get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidPropertyException(property + "[" + i + "]", ex.getMessage());
			}
		}
		return blocks;
	}

	boolean isEmpty() {
		return this.allow.isEmpty() && this.deny.isEmpty();
	}

	/** Whether a client at {@code address} ({@code null}: unknown) may pass. */
	boolean permits(@Nullable InetAddress address) {
		if (address == null) {
			return this.allow.isEmpty();
		}
		if (matches(this.deny, address)) {
			return false;
		}
		return this.allow.isEmpty() || matches(this.allow, address);
	}

	private static boolean matches(List<Cidr> blocks, InetAddress address) {
		for (Cidr block : blocks) {
			if (block.contains(address)) {
				return true;
			}
		}
		return false;
	}

}
