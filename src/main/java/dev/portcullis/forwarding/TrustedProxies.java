package dev.portcullis.forwarding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Decides who the real client of a request is. {@code X-Forwarded-For} is believed only
 * from proxies in the trusted blocks: walking the list from its right end, trusted hops
 * are skipped and the first untrusted address is the client, as nginx's
 * {@code real_ip_recursive} does. With no trusted blocks the client is the peer of the
 * TCP connection, whatever the headers say.
 */
public class TrustedProxies {

	/** The header whose hops {@link #clientAddress} walks. */
	public static final String X_FORWARDED_FOR = "X-Forwarded-For";

	private final List<Cidr> blocks;

	public TrustedProxies(List<Cidr> blocks) {
		this.blocks = List.copyOf(blocks);
	}

	public boolean isTrusted(@Nullable InetAddress address) {
		if (address == null) {
			return false;
		}
		for (Cidr block : this.blocks) {
			if (block.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The client's address of a request as text: the peer, or behind trusted proxies the
	 * first untrusted hop of its {@code X-Forwarded-For}; {@code null} when unknown.
	 */
	public @Nullable String clientAddress(ServerHttpRequest request) {
		InetAddress client = clientAddress(request.getRemoteAddress(),
				request.getHeaders().getOrEmpty(X_FORWARDED_FOR));
		return (client != null) ? client.getHostAddress() : null;
	}

	/**
	 * The client's address.
	 * @param peer the address the connection came from
	 * @param forwardedFor the {@code X-Forwarded-For} header values as received, in order
	 */
	public @Nullable InetAddress clientAddress(@Nullable InetSocketAddress peer, List<String> forwardedFor) {
		InetAddress client = (peer != null) ? peer.getAddress() : null;
		if (!isTrusted(client)) {
			return client;
		}
		List<String> hops = hops(forwardedFor);
		for (int i = hops.size() - 1; i >= 0; i--) {
			InetAddress hop = Cidr.parseAddress(stripPort(hops.get(i)));
			if (hop == null) {
				// A malformed entry was written by an untrusted party: stop at the last
				// hop we could believe.
				return client;
			}
			client = hop;
			if (!isTrusted(hop)) {
				return hop;
			}
		}
		return client;
	}

	private static List<String> hops(List<String> headerValues) {
		List<String> hops = new ArrayList<>();
		for (String value : headerValues) {
			for (String part : value.split(",")) {
				if (!part.isBlank()) {
					hops.add(part.trim());
				}
			}
		}
		return hops;
	}

	/** Accepts {@code 1.2.3.4:5678} and {@code [::1]:5678} as well as bare addresses. */
	private static String stripPort(String hop) {
		if (hop.startsWith("[")) {
			int end = hop.indexOf(']');
			return (end > 0) ? hop.substring(0, end + 1) : hop;
		}
		int colon = hop.indexOf(':');
		if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
			return hop.substring(0, colon);
		}
		return hop;
	}

}
