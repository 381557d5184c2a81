package dev.portcullis.upstream;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.portcullis.forwarding.Cidr;
import dev.portcullis.forwarding.TrustedProxies;
import org.jspecify.annotations.Nullable;

/**
 * Decides which region a client is in. First by its address (the peer, or behind trusted
 * proxies the first untrusted {@code X-Forwarded-For} hop): the first region, in
 * declaration order, with a block that holds it. Then by the edge header, believed only
 * when the connection itself comes from a trusted proxy, since anyone else could write
 * it. Explicit blocks come first because they are the operator's own knowledge (an
 * office, a partner network); the header is the CDN's guess.
 */
final class ClientRegions {

	private final TrustedProxies trustedProxies;

	private final @Nullable String header;

	private final List<Entry> regions = new ArrayList<>();

	ClientRegions(RegionsProperties properties, TrustedProxies trustedProxies) {
		this.trustedProxies = trustedProxies;
		this.header = properties.header();
		properties.named()
			.forEach((name, region) -> this.regions.add(new Entry(name,
					region.blocks("portcullis.regions.named." + name), Set.copyOf(region.countries()))));
	}

	/** The header that names the client's country, if one is configured. */
	@Nullable String header() {
		return this.header;
	}

	boolean isDefined(String region) {
		return this.regions.stream().anyMatch((entry) -> entry.name().equals(region.toLowerCase(Locale.ROOT)));
	}

	/**
	 * The client's region, or {@code null} when none applies.
	 * @param peer the address the connection came from
	 * @param forwardedFor the {@code X-Forwarded-For} values as received
	 * @param headerValue the value of {@link #header()}, when the request has it
	 */
	@Nullable String regionOf(@Nullable InetSocketAddress peer, List<String> forwardedFor, @Nullable String headerValue) {
		InetAddress client = this.trustedProxies.clientAddress(peer, forwardedFor);
		if (client != null) {
			for (Entry region : this.regions) {
				if (region.holds(client)) {
					return region.name();
				}
			}
		}
		if (headerValue != null && peer != null && this.trustedProxies.isTrusted(peer.getAddress())) {
			String country = headerValue.trim().toUpperCase(Locale.ROOT);
			for (Entry region : this.regions) {
				if (region.countries().contains(country)) {
					return region.name();
				}
			}
		}
		return null;
	}

	private record Entry(String name, List<Cidr> blocks, Set<String> countries) {

		boolean holds(InetAddress address) {
			return this.blocks.stream().anyMatch((block) -> block.contains(address));
		}

	}

}
