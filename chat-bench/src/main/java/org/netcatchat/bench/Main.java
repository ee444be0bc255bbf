package org.netcatchat.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar chat-bench.jar --dialect netcat --port 8989 -n 10 -s 10 -w 8}: one bounded run against a
 * server on this machine; a table on stdout, then one JSON line (also appended to --json-out).
 *
 * <p>Exit status: 0 a complete, clean run; 3 a run that completed but lost, duplicated or reordered
 * something, or saw errors; 1 a run that could not set up or drain; 2 a usage error.
 */
@Command(name = "chat-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Loads a chat server on loopback (our protocol or IRC) and reports throughput, latency,",
                "loss and the server's CPU and memory. JMH microbenchmarks: java -cp chat-bench.jar org.openjdk.jmh.Main"})
public final class Main implements Callable<Integer> {
    static final int CLEAN = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int ANOMALIES = 3;

    @Option(names = "--dialect", description = "netcat (ours) or irc. Default: ${DEFAULT-VALUE}.", defaultValue = "netcat")
    String dialect;
    @Option(names = "--host", description = "A loopback address. Default: ${DEFAULT-VALUE}.", defaultValue = "127.0.0.1")
    String host;
    @Option(names = {"-p", "--port"}, description = {"A port, or several comma-separated (28991,28992,28993): connection i goes to",
            "the (i mod k)-th, so senders and receivers are spread over the servers. Default: ${DEFAULT-VALUE}."},
            defaultValue = "8989")
    String port;
    @Option(names = {"-n", "--connections"}, description = "Connections, all joined, all reading. Default: ${DEFAULT-VALUE}.", defaultValue = "10")
    int connections;
    @Option(names = {"-s", "--senders"}, description = "How many of them send. Default: all.", defaultValue = "-1")
    int senders;
    @Option(names = {"-r", "--rate"}, description = "Total messages/s over all senders; 0 = as fast as the window allows. Default: ${DEFAULT-VALUE}.", defaultValue = "0")
    int rate;
    @Option(names = {"-w", "--window"}, description = "Unconfirmed messages per sender; 0 = no limit (with --rate). Default: 8, or 0 with --rate.", defaultValue = "-1")
    int window;
    @Option(names = {"-d", "--duration"}, description = "Seconds of sending, warm-up included. Default: ${DEFAULT-VALUE}.", defaultValue = "10")
    double duration;
    @Option(names = "--warmup", description = "Seconds at the start left out of the numbers. Default: ${DEFAULT-VALUE}.", defaultValue = "1")
    double warmup;
    @Option(names = "--drain-timeout", description = "Seconds to wait for in-flight messages after sending stops. Default: ${DEFAULT-VALUE}.", defaultValue = "10")
    double drainTimeout;
    @Option(names = "--setup-timeout", description = "Seconds to connect and join everyone. Default: ${DEFAULT-VALUE}.", defaultValue = "300")
    double setupTimeout;
    @Option(names = "--payload-bytes", description = "Message text size (sender, seq and time, padded). Default: ${DEFAULT-VALUE}.", defaultValue = "64")
    int payloadBytes;
    @Option(names = "--server-pid", description = {"PID of the server, for its CPU and memory from /proc. Repeat it or give a",
            "comma-separated list (each PID or NAME=PID, e.g. redis=4242): CPU and memory are then summed, and each",
            "process's own CPU %% is reported under its name."})
    List<String> serverPids = new ArrayList<>();
    @Option(names = "--metrics-url", description = {"A node's /metrics page (http://127.0.0.1:2112/metrics), scraped once a second",
            "during the measured window for netcat_cluster_lag_entries: max and last per node. Repeatable."})
    List<URI> metricsUrls = new ArrayList<>();
    @Option(names = "--heap", description = "With --idle and a JVM server: heap after GC through jcmd, before and after.")
    boolean heap;
    @Option(names = "--idle", description = "Hold the connections joined and measure memory per connection instead of sending.")
    boolean idle;
    @Option(names = "--io-threads", description = "Generator I/O threads. Default: ${DEFAULT-VALUE}.", defaultValue = "2")
    int ioThreads;
    @Option(names = "--inflight-joins", description = "Connections joining at once during set-up. Default: ${DEFAULT-VALUE}.", defaultValue = "100")
    int inflightJoins;
    @Option(names = "--channel", description = "IRC channel (without --rooms). Default: ${DEFAULT-VALUE}.", defaultValue = "#bench")
    String channel;
    @Option(names = "--rooms", description = {"Deal the connections to this many rooms, #room0, #room1, ...: connection i is in",
            "#room(i mod R), so the first R connections (senders first) are one per room. Ours: join#roomN, tell#roomN",
            "(protocol v2); IRC: JOIN #roomN. It must divide -n. 0 = all in one room: our lobby (v1), or --channel.",
            "Default: ${DEFAULT-VALUE}."}, defaultValue = "0")
    int rooms;
    @Option(names = "--name-prefix", description = "Nicknames are this plus the connection index. Default: ${DEFAULT-VALUE}.", defaultValue = "b")
    String namePrefix;
    @Option(names = "--label", description = "A name for this run in the JSON (scenario, server). Default: the dialect.", defaultValue = "")
    String label;
    @Option(names = "--json-out", description = "Also append the JSON line to this file.")
    Path jsonOut;
    @Option(names = "--series", description = "The series this run belongs to, in the JSON (run-scenarios.sh: commit and start time).", defaultValue = "")
    String series;
    @Option(names = "--setup", description = "How server and generator were placed, in the JSON (run-scenarios.sh: shared or onecore).", defaultValue = "")
    String setup;

    public static void main(String[] args) {
        System.exit(commandLine(new Main()).execute(args));
    }

    /**
     * The command line for {@code main}: an option given twice takes its last value, so the scripts can put a
     * scenario's options first and the caller's ({@code BENCH_ARGS}) after them to override one.
     */
    static CommandLine commandLine(Main main) {
        return new CommandLine(main).setOverwrittenOptionsAllowed(true);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        BenchOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            System.err.println("chat-bench: " + e.getMessage());
            System.err.println("usage: java -jar chat-bench.jar [--dialect netcat|irc] [--port N] [-n N] [-s S] [-r RATE | -w W] [--idle] ... (--help)");
            return USAGE;
        }
        Report report = Bench.run(options, tags());
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        out.println(report.table());
        String json = report.json();
        out.println(json);
        if (jsonOut != null) {
            Files.writeString(jsonOut, json + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return exitStatus(report);
    }

    /** The report's first keys: the run's series and set-up, null when not given. */
    Report tags() {
        Report tags = new Report();
        if (series.isBlank()) {
            tags.putMissing("series");
        } else {
            tags.put("series", series);
        }
        if (setup.isBlank()) {
            tags.putMissing("setup");
        } else {
            tags.put("setup", setup);
        }
        return tags;
    }

    static int exitStatus(Report report) {
        if (!report.value("drained").map(Boolean.TRUE::equals).orElse(false)) {
            return FAILED;
        }
        for (String key : new String[] {"lost", "duplicated", "out_of_order", "implausible_seq", "errors", "disconnects"}) {
            if (report.number(key).orElse(0) > 0) {
                return ANOMALIES;
            }
        }
        return report.value("complete").map(Boolean.TRUE::equals).orElse(false) ? CLEAN : ANOMALIES;
    }

    BenchOptions options() {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host);
        }
        List<InetSocketAddress> targets = new ArrayList<>();
        for (int p : ports(port)) {
            targets.add(new InetSocketAddress(address, p));
        }
        for (URI url : metricsUrls) {
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new IllegalArgumentException("--metrics-url must be an http:// URL: " + url);
            }
        }
        int effectiveWindow = window >= 0 ? window : rate > 0 ? 0 : 8;
        return new BenchOptions(
                Dialect.named(dialect, channel),
                targets,
                connections,
                senders < 0 ? (idle ? 0 : connections) : senders,
                rate,
                effectiveWindow,
                seconds(duration, "--duration"),
                seconds(warmup, "--warmup"),
                seconds(drainTimeout, "--drain-timeout"),
                seconds(setupTimeout, "--setup-timeout"),
                payloadBytes,
                ServerPid.parse(serverPids),
                heap,
                idle,
                ioThreads,
                inflightJoins,
                namePrefix,
                label.isEmpty() ? dialect : label,
                metricsUrls,
                new RoomPlan(rooms));
    }

    /** The ports of {@code --port}: one, or several comma-separated, each from 1 to 65535, none twice. */
    static List<Integer> ports(String value) {
        List<Integer> ports = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            int p;
            try {
                p = Integer.parseInt(item.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port takes a port or a comma-separated list of ports: '" + value + "'");
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("--port must be from 1 to 65535");
            }
            if (ports.contains(p)) {
                throw new IllegalArgumentException("--port " + p + " is given twice");
            }
            ports.add(p);
        }
        return List.copyOf(ports);
    }

    private static Duration seconds(double value, String option) {
        if (!(value >= 0) || value > 86_400) {
            throw new IllegalArgumentException(option + " must be from 0 to 86400 seconds");
        }
        return Duration.ofNanos(Math.round(value * 1e9));
    }
}
