package dev.portcullis.upstream;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Each candidate in turn. */
final class RoundRobin implements LoadBalancingStrategy {

	private final AtomicInteger next = new AtomicInteger();

	@Override
	public UpstreamInstance choose(List<UpstreamInstance> candidates, Affinity affinity) {
		return candidates.get(Math.floorMod(this.next.getAndIncrement(), candidates.size()));
	}

}
