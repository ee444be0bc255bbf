package org.netcatchat.bench.summary;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * One target's repetitions of one scenario in one set-up, summed up: the scenario's metric, the server's and
 * the generator's CPU cost, and how many runs were clean.
 *
 * @param generatorOnOneCpu every run's generator was allowed a single CPU (the one-core set-up)
 */
record Side(String target, Spread metric, Optional<Spread> serverCpuPerDelivery, Optional<Spread> generatorCpuPct,
            int cleanRuns, int runs, boolean generatorOnOneCpu) {
    /** A generator at or above this share of its only CPU may be what limited the run. */
    static final double GENERATOR_BOUND_PCT = 90;
    private static final Pattern CPU_LIST = Pattern.compile("\\d{1,4}(-\\d{1,4})?(,\\d{1,4}(-\\d{1,4})?)*");

    /** Empty when no run has a value for the metric. */
    static Optional<Side> of(String target, Metric metric, List<Run> runs) {
        return Spread.of(values(runs, metric.key)).map(spread -> new Side(target, spread,
                Spread.of(values(runs, "server_cpu_us_per_delivery")),
                Spread.of(values(runs, "generator_cpu_pct")),
                (int) runs.stream().filter(Run::clean).count(),
                runs.size(),
                runs.stream().allMatch(r -> r.values().string("generator_cpus").map(Side::cpuCount).orElse(0) == 1)));
    }

    /** The generator used nearly all of the one CPU it had: the number may be the generator's limit. */
    boolean generatorBound() {
        return generatorOnOneCpu && generatorCpuPct.map(s -> s.median() >= GENERATOR_BOUND_PCT).orElse(false);
    }

    private static List<Double> values(List<Run> runs, String key) {
        return runs.stream().map(r -> r.number(key)).filter(OptionalDouble::isPresent)
                .map(OptionalDouble::getAsDouble).toList();
    }

    /** CPUs in a Linux CPU list such as "1", "0-1" or "0,2-3"; 0 when it cannot be read. */
    static int cpuCount(String list) {
        if (!CPU_LIST.matcher(list).matches()) {
            return 0;
        }
        int count = 0;
        for (String part : list.split(",")) {
            String[] range = part.split("-");
            int size = range.length == 1 ? 1 : Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
            if (size < 1) {
                return 0;
            }
            count += size;
        }
        return count;
    }
}
