package org.netcatchat.bench.summary;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -cp chat-bench.jar org.netcatchat.bench.summary.Summary [--series S] docs/perf/results.jsonl}:
 * the markdown table of one series of {@code run-scenarios.sh} runs, ours against the best peer per scenario
 * and set-up, median [min–max] of the repetitions.
 *
 * <p>Exit status: 0 a table; 1 no run to summarise; 2 a usage error, an unreadable file or several series
 * in the input without {@code --series}.
 */
@Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Summarises chat-bench JSON lines (run-scenarios.sh's labels scenario/target/repetition):",
                "per scenario and set-up, ours against the better of the peers, as a markdown table."})
public final class Summary implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "JSON lines, one run each (e.g. docs/perf/results.jsonl).")
    List<Path> files;
    @Option(names = "--series", description = "Only the runs of this series (run-scenarios.sh -l). Needed when the files hold several.")
    String series;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Summary()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        List<Run> runs;
        try {
            List<Run> all = new ArrayList<>();
            for (Path file : files) {
                all.addAll(read(file));
            }
            runs = select(all, Optional.ofNullable(series));
        } catch (IllegalArgumentException e) {
            System.err.println("summary: " + e.getMessage());
            return 2;
        }
        if (runs.isEmpty()) {
            System.err.println("summary: no run labelled scenario/target/repetition"
                    + (series == null ? "" : " in series " + series));
            return 1;
        }
        String name = runs.getFirst().series();
        out.println("Series " + (name.isEmpty() ? "(unnamed)" : "`" + name + "`") + ": " + runs.size()
                + " runs. Median [min–max] of the repetitions; the best peer is the peer with the better median on"
                + " the scenario's metric; ours / peer is the ratio of the medians.");
        out.println();
        out.println(SummaryTable.render(Comparison.of(runs)));
        return 0;
    }

    /** The runs of a file: lines that are not a JSON object are skipped, and so are runs without a scenario label. */
    static List<Run> read(Path file) throws IOException {
        List<Run> runs = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("{")) {
                continue;
            }
            try {
                Run.of(JsonLine.parse(line)).ifPresent(runs::add);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return runs;
    }

    /**
     * The runs of one series: the one asked for, or the only one there is. Medians over two series would mix
     * two builds or two sessions of the machine, so several series without a choice are refused.
     */
    static List<Run> select(List<Run> runs, Optional<String> series) {
        if (series.isPresent()) {
            return runs.stream().filter(r -> r.series().equals(series.get())).toList();
        }
        TreeSet<String> present = new TreeSet<>(runs.stream().map(Run::series).toList());
        if (present.size() > 1) {
            throw new IllegalArgumentException("the input holds " + present.size() + " series; choose one with --series: "
                    + String.join(", ", present.stream().map(s -> s.isEmpty() ? "\"\" (lines without a series)" : s).toList()));
        }
        return runs;
    }
}
