package dev.portcullis.upstream;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The candidate a request's key hashes to, by weighted rendezvous (highest random weight)
 * hashing: each candidate scores {@code -weight / ln(hash(key, id))} and the highest
 * wins. It is consistent hashing without a ring: when an instance goes, only the keys it
 * had move (each to its runner-up), and the others stay. A request without a key is given
 * to another strategy.
 */
final class RendezvousHash implements LoadBalancingStrategy {

	private final LoadBalancingStrategy otherwise;

	RendezvousHash(LoadBalancingStrategy otherwise) {
		this.otherwise = otherwise;
	}

	@Override
	public UpstreamInstance choose(List<UpstreamInstance> candidates, Affinity affinity) {
		String key = affinity.key();
		if (key == null) {
			return this.otherwise.choose(candidates, affinity);
		}
		UpstreamInstance best = candidates.get(0);
		double bestScore = Double.NEGATIVE_INFINITY;
		for (UpstreamInstance candidate : candidates) {
			double score = score(key, candidate);
			if (score > bestScore) {
				best = candidate;
				bestScore = score;
			}
		}
		return best;
	}

	static double score(String key, UpstreamInstance instance) {
		long hash = hash(key + '\u0000' + instance.id());
		// A uniform number in (0, 1) from the top 53 bits.
		double unit = ((hash >>> 11) + 0.5) / (double) (1L << 53);
		return -instance.weight() / Math.log(unit);
	}

	/** FNV-1a over the UTF-8 bytes, then SplitMix64's finaliser to spread the bits. */
	static long hash(String text) {
		long hash = 0xcbf29ce484222325L;
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			hash ^= (b & 0xff);
			hash *= 0x100000001b3L;
		}
		hash ^= hash >>> 30;
		hash *= 0xbf58476d1ce4e5b9L;
		hash ^= hash >>> 27;
		hash *= 0x94d049bb133111ebL;
		hash ^= hash >>> 31;
		return hash;
	}

}
