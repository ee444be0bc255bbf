package org.netcatchat.bench.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The summary of a series: medians and ranges per scenario and set-up, the best peer per metric, the ratio,
 * CPU per delivery, series selection. Every input is made here; every expected median is computed here
 * from the values the test made.
 */
class SummaryTest {
    private static final String SERIES = "abc1234@20261130T1600Z";

    @TempDir
    Path dir;

    private final Random random = new Random(20261130);
    private final List<String> lines = new ArrayList<>();

    @Test
    void oursAndTheBestPeerAreTheMediansOfTheirRepetitionsInEachSetUp() {
        Map<String, double[]> made = new LinkedHashMap<>();
        for (String setup : List.of("shared", "onecore")) {
            for (String scenario : List.of("s1", "s2")) {
                String metric = Metric.of(scenario).key;
                for (String target : List.of("ours", "inspircd", "ngircd")) {
                    double[] values = new double[3];
                    double[] cpu = new double[3];
                    for (int rep = 0; rep < 3; rep++) {
                        values[rep] = 1 + random.nextInt(1_000_000);
                        cpu[rep] = (1 + random.nextInt(500)) / 4.0; // quarters: exact in the JSON's three decimals
                        run(setup, scenario + "/" + target + "/" + (rep + 1),
                                metric, values[rep], "server_cpu_us_per_delivery", cpu[rep]);
                    }
                    made.put(setup + " " + scenario + " " + target, values);
                    made.put(setup + " " + scenario + " " + target + " cpu", cpu);
                }
            }
        }

        List<Comparison> comparisons = Comparison.of(runs());

        assertThat(comparisons).extracting(c -> c.scenario() + " " + c.setup())
                .as("scenario by scenario, the set-ups side by side")
                .containsExactly("s1 shared", "s1 onecore", "s2 shared", "s2 onecore");
        for (Comparison c : comparisons) {
            String key = c.setup() + " " + c.scenario() + " ";
            double ours = median(made.get(key + "ours"));
            double inspircd = median(made.get(key + "inspircd"));
            double ngircd = median(made.get(key + "ngircd"));
            boolean higherIsBetter = c.scenario().equals("s1");
            String best = higherIsBetter == (inspircd > ngircd) ? "inspircd" : "ngircd";
            double peer = best.equals("inspircd") ? inspircd : ngircd;

            Side oursSide = c.ours().orElseThrow();
            Side peerSide = c.bestPeer().orElseThrow();
            assertThat(oursSide.metric().median()).isEqualTo(ours);
            assertThat(oursSide.metric().min()).isEqualTo(Arrays.stream(made.get(key + "ours")).min().orElseThrow());
            assertThat(oursSide.metric().max()).isEqualTo(Arrays.stream(made.get(key + "ours")).max().orElseThrow());
            assertThat(peerSide.target()).as(key).isEqualTo(best);
            assertThat(peerSide.metric().median()).isEqualTo(peer);
            assertThat(c.ratio().orElseThrow()).isCloseTo(ours / peer, within(1e-12));
            assertThat(oursSide.serverCpuPerDelivery().orElseThrow().median())
                    .isEqualTo(median(made.get(key + "ours cpu")));
            assertThat(peerSide.serverCpuPerDelivery().orElseThrow().median())
                    .isEqualTo(median(made.get(key + best + " cpu")));
        }
    }

    @Test
    void anEvenNumberOfRepetitionsHasTheMeanOfTheMiddleTwoAsItsMedian() {
        double[] values = {40, 10, 30, 20};
        for (int i = 0; i < values.length; i++) {
            run("shared", "s1/ours/" + (i + 1), "deliveries_per_s", values[i]);
        }

        Spread spread = Comparison.of(runs()).getFirst().ours().orElseThrow().metric();

        assertThat(spread).isEqualTo(new Spread((20 + 30) / 2.0, 10, 40, 4));
    }

    @ParameterizedTest(name = "{0}: {1}, higher is better: {2}")
    @CsvSource({
            "s1,       deliveries_per_s,         true",
            "s3w8,     deliveries_per_s,         true",
            "s3w64,    deliveries_per_s,         true",
            "s6batch,  deliveries_per_s,         true",
            "s6never,  deliveries_per_s,         true",
            "s2,       latency_p99_ms,           false",
            "s4,       latency_p99_ms,           false",
            "rooms,    latency_p99_ms,           false",
            "s5k1000,  rss_per_connection_bytes, false",
            "s5k10000, rss_per_connection_bytes, false",
    })
    void eachScenarioIsJudgedOnItsMetricAndTheBestPeerIsTheBetterOneOnIt(String scenario, String key, boolean higher) {
        run("shared", scenario + "/ours/1", key, 500);
        run("shared", scenario + "/inspircd/1", key, 100);
        run("shared", scenario + "/ngircd/1", key, 900);

        Comparison c = Comparison.of(runs()).getFirst();

        assertThat(c.metric().key).isEqualTo(key);
        assertThat(c.bestPeer().orElseThrow().target()).isEqualTo(higher ? "ngircd" : "inspircd");
        assertThat(SummaryTable.ratio(c)).isEqualTo(higher ? "0.56× (worse)" : "5.00× (worse)");
    }

    @Test
    void theRowShowsMedianRangeRatioCpuAndCleanRunsOfBothSides() {
        run("onecore", "s1/ours/1", "deliveries_per_s", 100_000, "server_cpu_us_per_delivery", 1, "server_cpus", "1",
                "generator_cpus", "0");
        run("onecore", "s1/ours/2", "deliveries_per_s", 300_000, "server_cpu_us_per_delivery", 2, "server_cpus", "1",
                "generator_cpus", "0");
        run("onecore", "s1/ours/3", "deliveries_per_s", 200_000, "server_cpu_us_per_delivery", 3, "server_cpus", "1",
                "generator_cpus", "0", "lost", 4);
        run("onecore", "s1/ngircd/1", "deliveries_per_s", 400_000, "server_cpu_us_per_delivery", 0.5,
                "server_cpus", "1", "generator_cpus", "0");

        String table = SummaryTable.render(Comparison.of(runs()));

        assertThat(table.lines().toList().get(2)).isEqualTo("| S1 N=10, w8: deliveries/s (higher is better) "
                + "| onecore (1, 0) | 200k [100k–300k] | ngIRCd 400k | 0.50× (worse) | 2.00 vs 0.50 | 2/3, 1/1 |");
    }

    @Test
    void theRoomsScenarioFollowsIssue5sAndIsTitledWithItsShape() {
        run("shared", "rooms/ours/1", "latency_p99_ms", 4.0);
        run("shared", "rooms/ngircd/1", "latency_p99_ms", 8.0);
        run("shared", "s4/ours/1", "latency_p99_ms", 80.0);

        List<Comparison> comparisons = Comparison.of(runs());

        assertThat(comparisons).extracting(Comparison::scenario).containsExactly("s4", "rooms");
        assertThat(SummaryTable.render(comparisons).lines().toList().get(3)).startsWith(
                "| Rooms N=1,000 in 100 rooms of 10, 100 senders, 2,000/s: p99 (lower is better) | shared | 4.00 ms "
                        + "| ngIRCd 8.00 ms | 0.50× (better) |");
    }

    @Test
    void aScenarioWithoutPeersShowsOursAlone() {
        run("shared", "s6always/ours/1", "deliveries_per_s", 15_973);

        Comparison c = Comparison.of(runs()).getFirst();

        assertThat(c.bestPeer()).isEmpty();
        assertThat(c.ratio()).isEmpty();
        assertThat(SummaryTable.render(List.of(c))).contains("| 16.0k | – | – |");
    }

    @Test
    void aGeneratorAtTheLimitOfItsOnlyCpuIsMarked() {
        run("onecore", "s1/ours/1", "deliveries_per_s", 1000, "generator_cpu_pct", 97, "generator_cpus", "0");
        run("onecore", "s1/ngircd/1", "deliveries_per_s", 1000, "generator_cpu_pct", 97, "generator_cpus", "0-1");

        Comparison c = Comparison.of(runs()).getFirst();

        assertThat(c.ours().orElseThrow().generatorBound()).isTrue();
        assertThat(c.bestPeer().orElseThrow().generatorBound()).as("two CPUs: 97 %% of one is not its limit").isFalse();
        assertThat(SummaryTable.render(List.of(c))).contains("| 1.00k ‡ |", "‡ the generator used 90 %");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1, 1", "0-1, 2", "'0,2-3', 3", "'0-3,8-11', 8", "'', 0", "x, 0", "3-x, 0", "3-1, 0", "'1,,2', 0"})
    void cpuListsAreCountedAsLinuxWritesThem(String list, int count) {
        assertThat(Side.cpuCount(list == null ? "" : list)).isEqualTo(count);
    }

    @Test
    void linesWrittenBeforeSetUpsAndSeriesExistedCountAsSharedInAnUnnamedSeries() throws IOException {
        Path file = dir.resolve("old.jsonl");
        Files.writeString(file, """
                {"label":"s1/ours/1","deliveries_per_s":5.000,"complete":true}
                not json: a note someone left
                {"label":"netcat","deliveries_per_s":7.000}
                """);

        List<Run> runs = Summary.read(file);

        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.setup()).isEqualTo("shared");
            assertThat(r.series()).isEmpty();
            assertThat(r.clean()).isTrue();
        });
    }

    @Test
    void aMalformedLineIsReportedWithItsFileAndLineNumber() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"label\":\"s1/ours/1\"}\n{\"label\":\"s1/ours/2\",\n");

        assertThatThrownBy(() -> Summary.read(file)).hasMessageStartingWith(file + ":2: ");
    }

    @Test
    void severalSeriesWithoutAChoiceAreRefusedAndAChoiceKeepsOnlyItsRuns() {
        lines.add("{\"series\":\"a\",\"label\":\"s1/ours/1\",\"deliveries_per_s\":1}");
        lines.add("{\"series\":\"b\",\"label\":\"s1/ours/1\",\"deliveries_per_s\":2}");
        lines.add("{\"series\":\"b\",\"label\":\"s1/ours/2\",\"deliveries_per_s\":3}");
        List<Run> runs = runs();

        assertThatThrownBy(() -> Summary.select(runs, Optional.empty()))
                .hasMessageContaining("2 series").hasMessageContaining("a, b");
        assertThat(Summary.select(runs, Optional.of("b"))).extracting(r -> r.number("deliveries_per_s").orElseThrow())
                .containsExactly(2.0, 3.0);
        assertThat(Summary.select(runs.subList(1, 3), Optional.empty())).hasSize(2);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "deliveries_per_s,         499354,  499k",
            "deliveries_per_s,         1556566, 1.56M",
            "deliveries_per_s,         58223,   58.2k",
            "deliveries_per_s,         6468,    6.47k",
            "deliveries_per_s,         950,     950",
            "latency_p99_ms,           13.42,   13.4 ms",
            "latency_p99_ms,           227.2,   227 ms",
            "latency_p99_ms,           6.143,   6.14 ms",
            "rss_per_connection_bytes, 23215,   23.2 kB",
            "rss_per_connection_bytes, 143181,  143 kB",
            "rss_per_connection_bytes, 4338,    4.34 kB",
    })
    void valuesAreShownToThreeSignificantDigitsInTheirUnit(String key, double value, String shown) {
        Metric metric = Arrays.stream(Metric.values()).filter(m -> m.key.equals(key)).findFirst().orElseThrow();
        assertThat(metric.format(value)).isEqualTo(shown);
    }

    /** One run line: label, then key/value pairs (numbers or strings). */
    private void run(String setup, String label, Object... keyValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("series", SERIES);
        values.put("setup", setup);
        values.put("label", label);
        values.put("complete", true);
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        lines.add(values.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + switch (e.getValue()) {
                    case String s -> "\"" + s + "\"";
                    case Boolean b -> b.toString();
                    case Number n -> String.format(Locale.ROOT, "%.3f", n.doubleValue());
                    default -> throw new IllegalArgumentException(e.getValue().toString());
                })
                .collect(Collectors.joining(",", "{", "}")));
    }

    private List<Run> runs() {
        return lines.stream().map(JsonLine::parse).map(Run::of).map(Optional::orElseThrow).toList();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
