package dev.portcullis.upstream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.portcullis.upstream.LoadBalancingStrategy.Affinity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LoadBalancingStrategyTests {

	private static UpstreamInstance instance(String host) {
		return instance(host, 1);
	}

	private static UpstreamInstance instance(String host, int weight) {
		return new UpstreamInstance(host, 8080, false, weight);
	}

	private static List<String> picks(LoadBalancingStrategy strategy, List<UpstreamInstance> candidates, int n,
			Affinity affinity) {
		List<String> picks = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			picks.add(strategy.choose(candidates, affinity).id().replace(":8080", ""));
		}
		return picks;
	}

	@ParameterizedTest
	@EnumSource(LoadBalancing.Strategy.class)
	void everyStrategyChoosesTheOnlyCandidate(LoadBalancing.Strategy kind) {
		UpstreamInstance only = instance("a");
		assertThat(LoadBalancingStrategy.of(kind).choose(List.of(only), new Affinity("x", "y"))).isSameAs(only);
	}

	@ParameterizedTest
	@EnumSource(LoadBalancing.Strategy.class)
	void everyStrategyChoosesOneOfTheCandidates(LoadBalancing.Strategy kind) {
		List<UpstreamInstance> candidates = List.of(instance("a"), instance("b"), instance("c"));
		LoadBalancingStrategy strategy = LoadBalancingStrategy.of(kind);
		for (int i = 0; i < 50; i++) {
			assertThat(candidates).contains(strategy.choose(candidates, new Affinity("k" + i, "k" + i)));
		}
	}

	@Test
	void roundRobinTakesEachCandidateInTurn() {
		List<UpstreamInstance> candidates = List.of(instance("a"), instance("b"), instance("c"));
		assertThat(picks(new RoundRobin(), candidates, 7, Affinity.NONE)).containsExactly("a", "b", "c", "a", "b", "c",
				"a");
	}

	@Test
	void leastInFlightTakesTheLessBusyOfTheTwoPicks() {
		UpstreamInstance a = instance("a");
		UpstreamInstance b = instance("b");
		UpstreamInstance c = instance("c");
		a.begin();
		a.begin();
		c.begin();
		// Picks index 0 (a), then 1 of the remaining two, which skips a: c.
		LeastInFlight strategy = new LeastInFlight(sequence(0, 1));
		assertThat(strategy.choose(List.of(a, b, c), Affinity.NONE)).isSameAs(c);
		// Picks a and b: b has fewer in flight.
		assertThat(new LeastInFlight(sequence(0, 0)).choose(List.of(a, b, c), Affinity.NONE)).isSameAs(b);
		// Picks c, then b: b has none in flight, c one.
		assertThat(new LeastInFlight(sequence(2, 1)).choose(List.of(a, b, c), Affinity.NONE)).isSameAs(b);
	}

	@Test
	void leastInFlightNeverPicksTheSameCandidateTwice() {
		UpstreamInstance a = instance("a");
		UpstreamInstance b = instance("b");
		b.begin();
		// Whatever the draws, a and b are compared.
		assertThat(new LeastInFlight(sequence(1, 0)).choose(List.of(a, b), Affinity.NONE)).isSameAs(a);
		assertThat(new LeastInFlight(sequence(0, 0)).choose(List.of(a, b), Affinity.NONE)).isSameAs(a);
	}

	@Test
	void leastInFlightGivesTiesToTheFirstPick() {
		UpstreamInstance a = instance("a");
		UpstreamInstance b = instance("b");
		assertThat(new LeastInFlight(sequence(1, 0)).choose(List.of(a, b), Affinity.NONE)).isSameAs(b);
	}

	@Test
	void leastInFlightAvoidsABusyInstanceUnderRandomPicks() {
		UpstreamInstance busy = instance("busy");
		UpstreamInstance idle = instance("idle");
		busy.begin();
		List<String> picks = picks(LoadBalancingStrategy.of(LoadBalancing.Strategy.LEAST_IN_FLIGHT),
				List.of(busy, idle), 100, Affinity.NONE);
		assertThat(picks).containsOnly("idle");
	}

	@Test
	void smoothWeightedInterleavesAsNginxDoes() {
		List<UpstreamInstance> candidates = List.of(instance("a", 5), instance("b", 1), instance("c", 1));
		assertThat(picks(new SmoothWeighted(), candidates, 7, Affinity.NONE)).containsExactly("a", "a", "b", "a", "c",
				"a", "a");
	}

	@Test
	void smoothWeightedSharesInProportionToWeight() {
		List<UpstreamInstance> candidates = List.of(instance("a", 3), instance("b", 1), instance("c", 6));
		Map<String, Integer> counts = count(picks(new SmoothWeighted(), candidates, 1000, Affinity.NONE));
		assertThat(counts).containsEntry("a", 300).containsEntry("b", 100).containsEntry("c", 600);
	}

	@Test
	void smoothWeightedWithEqualWeightsIsRoundRobin() {
		List<UpstreamInstance> candidates = List.of(instance("a"), instance("b"));
		assertThat(picks(new SmoothWeighted(), candidates, 4, Affinity.NONE)).containsExactly("a", "b", "a", "b");
	}

	@Test
	void smoothWeightedCopesWithCandidatesComingAndGoing() {
		SmoothWeighted strategy = new SmoothWeighted();
		UpstreamInstance a = instance("a", 2);
		UpstreamInstance b = instance("b", 1);
		picks(strategy, List.of(a, b), 5, Affinity.NONE);
		assertThat(picks(strategy, List.of(b), 3, Affinity.NONE)).containsOnly("b");
		for (int i = 0; i < 100; i++) {
			strategy.choose(List.of(instance("x" + i)), Affinity.NONE);
		}
		Map<String, Integer> counts = count(picks(strategy, List.of(a, b), 300, Affinity.NONE));
		assertThat(counts.get("a")).isCloseTo(200, within(2));
	}

	@Test
	void stickyCookieKeepsTheInstanceTheCookieNames() {
		UpstreamInstance a = instance("a");
		UpstreamInstance b = instance("b");
		StickyCookie strategy = new StickyCookie(new RoundRobin());
		assertThat(picks(strategy, List.of(a, b), 5, new Affinity(b.stickyId(), null))).containsOnly("b");
	}

	@Test
	void stickyCookieFallsBackWhenTheCookieNamesNoCandidate() {
		UpstreamInstance a = instance("a");
		UpstreamInstance b = instance("b");
		StickyCookie strategy = new StickyCookie(new RoundRobin());
		assertThat(picks(strategy, List.of(a, b), 2, new Affinity("unknown", null))).containsExactly("a", "b");
		assertThat(picks(strategy, List.of(a), 2, new Affinity(b.stickyId(), null))).containsOnly("a");
		assertThat(picks(strategy, List.of(a, b), 2, Affinity.NONE)).containsExactly("a", "b");
	}

	@Test
	void stickyIdsAreOpaqueAndStable() {
		UpstreamInstance a = instance("10.0.0.1");
		assertThat(a.stickyId()).doesNotContain("10.0.0.1").hasSize(24).matches("[0-9a-f]+");
		assertThat(instance("10.0.0.1").stickyId()).isEqualTo(a.stickyId());
		assertThat(instance("10.0.0.2").stickyId()).isNotEqualTo(a.stickyId());
	}

	@Test
	void rendezvousKeepsAKeyOnOneInstance() {
		List<UpstreamInstance> candidates = List.of(instance("a"), instance("b"), instance("c"));
		RendezvousHash strategy = new RendezvousHash(new RoundRobin());
		assertThat(picks(strategy, candidates, 10, new Affinity(null, "user-42"))).hasSize(10)
			.containsOnly(strategy.choose(candidates, new Affinity(null, "user-42")).id().replace(":8080", ""));
	}

	@Test
	void rendezvousSpreadsKeysEvenly() {
		List<UpstreamInstance> candidates = List.of(instance("a"), instance("b"), instance("c"), instance("d"));
		RendezvousHash strategy = new RendezvousHash(new RoundRobin());
		Map<String, Integer> counts = count(IntStream.range(0, 4000)
			.mapToObj((i) -> strategy.choose(candidates, new Affinity(null, "user-" + i)).id())
			.toList());
		assertThat(counts.values()).allSatisfy((count) -> assertThat(count).isBetween(850, 1150));
	}

	@Test
	void rendezvousMovesOnlyTheKeysOfARemovedInstance() {
		UpstreamInstance a = instance("a");
		UpstreamInstance b = instance("b");
		UpstreamInstance c = instance("c");
		RendezvousHash strategy = new RendezvousHash(new RoundRobin());
		int moved = 0;
		for (int i = 0; i < 3000; i++) {
			Affinity key = new Affinity(null, "user-" + i);
			UpstreamInstance before = strategy.choose(List.of(a, b, c), key);
			UpstreamInstance after = strategy.choose(List.of(a, c), key);
			if (before != b) {
				assertThat(after).isSameAs(before);
			}
			else {
				moved++;
			}
		}
		assertThat(moved).isBetween(800, 1200);
	}

	@Test
	void rendezvousHonoursWeights() {
		List<UpstreamInstance> candidates = List.of(instance("a", 3), instance("b", 1));
		RendezvousHash strategy = new RendezvousHash(new RoundRobin());
		Map<String, Integer> counts = count(IntStream.range(0, 4000)
			.mapToObj((i) -> strategy.choose(candidates, new Affinity(null, "k" + i)).id())
			.toList());
		assertThat(counts.get("a:8080")).isBetween(2800, 3200);
	}

	@Test
	void rendezvousWithoutAKeyFallsBack() {
		List<UpstreamInstance> candidates = List.of(instance("a"), instance("b"));
		assertThat(picks(new RendezvousHash(new RoundRobin()), candidates, 4, Affinity.NONE)).containsExactly("a", "b",
				"a", "b");
	}

	private static Map<String, Integer> count(List<String> picks) {
		Map<String, Integer> counts = new HashMap<>();
		picks.forEach((pick) -> counts.merge(pick, 1, Integer::sum));
		return counts;
	}

	/** A "random" source that answers the given numbers in turn, modulo the bound. */
	private static java.util.function.IntUnaryOperator sequence(int... numbers) {
		int[] next = { 0 };
		return (bound) -> numbers[next[0]++ % numbers.length] % bound;
	}

}
