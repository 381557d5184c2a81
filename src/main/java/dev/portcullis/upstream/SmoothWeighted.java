package dev.portcullis.upstream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each candidate in proportion to its weight, spread out rather than in runs: nginx's
 * smooth weighted round-robin. Weights 5, 1, 1 give {@code a a b a c a a}, not
 * {@code a a a a a b c}.
 */
final class SmoothWeighted implements LoadBalancingStrategy {

	/** The running weight of each instance id; pruned when instances go. */
	private final Map<String, Long> current = new HashMap<>();

	@Override
	public synchronized UpstreamInstance choose(List<UpstreamInstance> candidates, Affinity affinity) {
		if (this.current.size() > 2 * candidates.size() + 16) {
			this.current.clear();
		}
		long total = 0;
		UpstreamInstance best = candidates.get(0);
		long bestWeight = Long.MIN_VALUE;
		for (UpstreamInstance candidate : candidates) {
			long weight = this.current.merge(candidate.id(), (long) candidate.weight(), Long::sum);
			total += candidate.weight();
			if (weight > bestWeight) {
				best = candidate;
				bestWeight = weight;
			}
		}
		this.current.put(best.id(), bestWeight - total);
		return best;
	}

}
