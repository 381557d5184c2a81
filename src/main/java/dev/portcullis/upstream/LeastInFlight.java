package dev.portcullis.upstream;

import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The less busy of two different candidates picked at random ("power of two choices",
 * Mitzenmacher): nearly as good as asking every instance, with no herd all piling onto
 * the one that is idle right now. A tie goes to the first pick.
 */
final class LeastInFlight implements LoadBalancingStrategy {

	private final IntUnaryOperator random;

	/**
	 * @param random gives a number in {@code [0, bound)} for a bound
	 */
	LeastInFlight(IntUnaryOperator random) {
		this.random = random;
	}

	@Override
	public UpstreamInstance choose(List<UpstreamInstance> candidates, Affinity affinity) {
		int size = candidates.size();
		if (size == 1) {
			return candidates.get(0);
		}
		int first = this.random.applyAsInt(size);
		int second = this.random.applyAsInt(size - 1);
		if (second >= first) {
			second++;
		}
		UpstreamInstance a = candidates.get(first);
		UpstreamInstance b = candidates.get(second);
		return (b.inFlight() < a.inFlight()) ? b : a;
	}

}
