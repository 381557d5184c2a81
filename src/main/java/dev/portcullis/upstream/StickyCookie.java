package dev.portcullis.upstream;

import java.util.List;

/**
 * The candidate the request's cookie names; when it names none of them (no cookie, an
 * unknown value, or an instance that is down or already tried), another strategy picks
 * one and the gateway sets the cookie to it.
 */
final class StickyCookie implements LoadBalancingStrategy {

	private final LoadBalancingStrategy otherwise;

	StickyCookie(LoadBalancingStrategy otherwise) {
		this.otherwise = otherwise;
	}

	@Override
	public UpstreamInstance choose(List<UpstreamInstance> candidates, Affinity affinity) {
		if (affinity.cookie() != null) {
			for (UpstreamInstance candidate : candidates) {
				if (candidate.stickyId().equals(affinity.cookie())) {
					return candidate;
				}
			}
		}
		return this.otherwise.choose(candidates, affinity);
	}

}
