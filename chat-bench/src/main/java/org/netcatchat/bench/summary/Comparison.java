package org.netcatchat.bench.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Ours against the best peer in one set-up and one scenario, on the scenario's metric. The best peer is the
 * peer whose median is better on that metric (so it can be InspIRCd for p99 and ngIRCd for throughput).
 *
 * @param serverCpus    the CPUs the servers of these runs were allowed, as Linux listed them ("?" if unknown,
 *                      several values joined with " / " if the runs differ)
 * @param generatorCpus the same for the generator
 */
record Comparison(String setup, String scenario, Metric metric, Optional<Side> ours, Optional<Side> bestPeer,
                  String serverCpus, String generatorCpus) {
    /** The scenarios of issue 5, then issue 17's and issue 21's, in the order the docs show them; others follow in alphabetical order. */
    static final List<String> SCENARIOS = List.of("s1", "s2", "s3w8", "s3w64", "s4", "s5k1000", "s5k10000",
            "s5k19000", "s6never", "s6batch", "s6always", "rooms");
    /** Set-ups in the order the docs show them; others follow in alphabetical order. */
    static final List<String> SETUPS = List.of(Run.SHARED, "onecore");

    /** Ours' median over the best peer's, on the metric; empty without both. */
    OptionalDouble ratio() {
        if (ours.isEmpty() || bestPeer.isEmpty() || bestPeer.get().metric().median() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(ours.get().metric().median() / bestPeer.get().metric().median());
    }

    /** One comparison per scenario and set-up present in the runs, scenario by scenario, set-ups side by side. */
    static List<Comparison> of(List<Run> runs) {
        Map<String, Map<String, List<Run>>> byScenarioAndSetup = runs.stream().collect(Collectors.groupingBy(
                Run::scenario, LinkedHashMap::new, Collectors.groupingBy(Run::setup, LinkedHashMap::new, Collectors.toList())));
        List<Comparison> comparisons = new ArrayList<>();
        for (String scenario : ordered(byScenarioAndSetup.keySet(), SCENARIOS)) {
            Map<String, List<Run>> bySetup = byScenarioAndSetup.get(scenario);
            for (String setup : ordered(bySetup.keySet(), SETUPS)) {
                comparisons.add(of(setup, scenario, bySetup.get(setup)));
            }
        }
        return comparisons;
    }

    private static Comparison of(String setup, String scenario, List<Run> runs) {
        Metric metric = Metric.of(scenario);
        Map<String, List<Run>> byTarget = runs.stream()
                .collect(Collectors.groupingBy(Run::target, LinkedHashMap::new, Collectors.toList()));
        Optional<Side> ours = Optional.ofNullable(byTarget.get(Run.OURS))
                .flatMap(rs -> Side.of(Run.OURS, metric, rs));
        Optional<Side> bestPeer = Optional.empty();
        for (String target : new TreeSet<>(byTarget.keySet())) {
            if (target.equals(Run.OURS)) {
                continue;
            }
            Optional<Side> peer = Side.of(target, metric, byTarget.get(target));
            if (peer.isPresent() && (bestPeer.isEmpty()
                    || metric.better(peer.get().metric().median(), bestPeer.get().metric().median()))) {
                bestPeer = peer;
            }
        }
        return new Comparison(setup, scenario, metric, ours, bestPeer,
                observed(runs, "server_cpus"), observed(runs, "generator_cpus"));
    }

    private static String observed(List<Run> runs, String key) {
        TreeSet<String> seen = runs.stream().map(r -> r.values().string(key).orElse("?"))
                .collect(Collectors.toCollection(TreeSet::new));
        return String.join(" / ", seen);
    }

    /** The known names in their order, then the rest alphabetically. */
    private static List<String> ordered(Set<String> present, List<String> known) {
        List<String> out = new ArrayList<>(known.stream().filter(present::contains).toList());
        present.stream().filter(k -> !known.contains(k)).sorted(Comparator.naturalOrder()).forEach(out::add);
        return out;
    }
}
