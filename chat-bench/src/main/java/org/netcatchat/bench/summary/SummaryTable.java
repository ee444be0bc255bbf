package org.netcatchat.bench.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The comparisons as the markdown table docs/PERFORMANCE.md quotes, with its footnotes. Stateless. */
final class SummaryTable {
    static final String GENERATOR_BOUND = "‡";

    private static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry("s1", "S1 N=10, w8"),
            Map.entry("s2", "S2 N=100, 2,000/s"),
            Map.entry("s3w8", "S3 N=100, w8"),
            Map.entry("s3w64", "S3 N=100, w64"),
            Map.entry("s4", "S4 N=1,000, 1,000/s"),
            Map.entry("s5k1000", "S5 idle K=1,000"),
            Map.entry("s5k10000", "S5 idle K=10,000"),
            Map.entry("s5k19000", "S5 idle K=19,000 (ours only: the most this machine's open files allow)"),
            Map.entry("s6never", "S6 = S1, --fsync never"),
            Map.entry("s6batch", "S6 = S1, --fsync batch (series before issue 9's, whose S1 ran never)"),
            Map.entry("s6always", "S6 = S1, --fsync always"),
            Map.entry("rooms", "Rooms N=1,000 in 100 rooms of 10, 100 senders, 2,000/s"));
    private static final Map<String, String> NAMES = Map.of("ours", "netcat-chat", "inspircd", "InspIRCd", "ngircd", "ngIRCd");

    private SummaryTable() {
    }

    static String render(List<Comparison> comparisons) {
        List<String> lines = new ArrayList<>();
        lines.add("| scenario: metric | set-up (CPUs: server, generator) | ours: median [min–max] "
                + "| best peer: median [min–max] | ours / peer | server CPU µs per delivery: ours vs peer "
                + "| clean runs: ours, peer |");
        lines.add("|---|---|---|---|---|---|---|");
        boolean generatorBound = false;
        for (Comparison c : comparisons) {
            generatorBound |= c.ours().map(Side::generatorBound).orElse(false)
                    || c.bestPeer().map(Side::generatorBound).orElse(false);
            lines.add("| " + String.join(" | ",
                    TITLES.getOrDefault(c.scenario(), c.scenario()) + ": " + c.metric().title
                            + (c.metric().higherIsBetter ? " (higher is better)" : " (lower is better)"),
                    setup(c),
                    c.ours().map(s -> spread(c.metric(), s)).orElse("–"),
                    c.bestPeer().map(s -> name(s.target()) + " " + spread(c.metric(), s)).orElse("–"),
                    ratio(c),
                    cpu(c),
                    clean(c.ours()) + ", " + clean(c.bestPeer())) + " |");
        }
        if (generatorBound) {
            lines.add("");
            lines.add(GENERATOR_BOUND + " the generator used " + (int) Side.GENERATOR_BOUND_PCT
                    + " % or more of the only CPU it had (median): that number may be the generator's limit, "
                    + "not the server's.");
        }
        return String.join(System.lineSeparator(), lines);
    }

    /** "onecore (1, 0)": the set-up and the CPUs Linux let each side use, when the runs recorded them. */
    private static String setup(Comparison c) {
        return c.serverCpus().equals("?") && c.generatorCpus().equals("?") ? c.setup()
                : c.setup() + " (" + c.serverCpus() + ", " + c.generatorCpus() + ")";
    }

    /** "499k [443k–500k]", or the value alone for one run. */
    static String spread(Metric metric, Side side) {
        Spread s = side.metric();
        String text = s.count() == 1 ? metric.format(s.median())
                : metric.format(s.median()) + " [" + metric.formatBare(s.min()) + "–" + metric.formatBare(s.max()) + "]";
        return side.generatorBound() ? text + " " + GENERATOR_BOUND : text;
    }

    /** "0.55× (worse)": ours over the best peer, with which way that is. */
    static String ratio(Comparison c) {
        if (c.ratio().isEmpty()) {
            return "–";
        }
        double ours = c.ours().orElseThrow().metric().median();
        double peer = c.bestPeer().orElseThrow().metric().median();
        String verdict = c.metric().better(ours, peer) ? "better" : c.metric().better(peer, ours) ? "worse" : "equal";
        return String.format(Locale.ROOT, "%.2f× (%s)", c.ratio().getAsDouble(), verdict);
    }

    private static String cpu(Comparison c) {
        Optional<Spread> ours = c.ours().flatMap(Side::serverCpuPerDelivery);
        Optional<Spread> peer = c.bestPeer().flatMap(Side::serverCpuPerDelivery);
        if (ours.isEmpty() && peer.isEmpty()) {
            return "–";
        }
        return micros(ours) + " vs " + micros(peer);
    }

    private static String micros(Optional<Spread> s) {
        return s.map(x -> String.format(Locale.ROOT, "%.2f", x.median())).orElse("–");
    }

    private static String clean(Optional<Side> side) {
        return side.map(s -> s.cleanRuns() + "/" + s.runs()).orElse("–");
    }

    private static String name(String target) {
        return NAMES.getOrDefault(target, target);
    }
}
