package org.netcatchat.bench.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -cp chat-bench.jar org.netcatchat.bench.soak.SoakMain --server-jar chat-server.jar --duration 600}:
 * the chaos soak; a table on stdout, then one JSON line (also appended to --json-out).
 *
 * <p>Exit status: 0 no invariant violated; 3 at least one violated; 1 the soak could not run; 2 a usage error.
 */
@Command(name = "chat-soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Chaos soak: well-behaved chatters, floods, stalled readers, resets, slowloris, oversized",
                "lines, garbage, churn and stalled /metrics clients against one chat server on loopback;",
                "checks that every client's view is the history, every ACKed message is in it once,",
                "the log is clean, and gauges, file descriptors and threads come back at the end."})
public final class SoakMain implements Callable<Integer> {
    static final int CLEAN = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int VIOLATED = 3;

    @Option(names = {"-d", "--duration"}, description = "Seconds of load. Default: ${DEFAULT-VALUE}.", defaultValue = "60")
    double duration;
    @Option(names = "--chatters", description = "Well-behaved clients, checked. Default: ${DEFAULT-VALUE}.", defaultValue = "6")
    int chatters;
    @Option(names = "--flooders", description = "Clients sending far above the rate limit. Default: ${DEFAULT-VALUE}.", defaultValue = "2")
    int flooders;
    @Option(names = "--saboteurs", description = "Clients per fault kind (stalled reader, reset, slowloris, oversized line, garbage, churn, stalled scraper). Default: ${DEFAULT-VALUE}.", defaultValue = "1")
    int saboteurs;
    @Option(names = "--server-jar", description = "Start this chat-server jar on free loopback ports (with --max-connections 2000).")
    Path serverJar;
    @Option(names = "--server-arg", description = "An extra argument for the started server, after the soak's own (repeat it: --server-arg=--rate-limit --server-arg=50).")
    List<String> serverArgs = new ArrayList<>();
    @Option(names = "--dir", description = "Where the started server keeps history.txt and server.log. Default: a new temporary directory.")
    Path dir;
    @Option(names = "--port", description = "Attach to a running server on 127.0.0.1 at this chat port instead (needs --metrics-port, --server-pid, --history-file).")
    Integer port;
    @Option(names = "--metrics-port", description = "Its /metrics port on 127.0.0.1.")
    Integer metricsPort;
    @Option(names = "--server-pid", description = "Its process id (for /proc).")
    Long serverPid;
    @Option(names = "--history-file", description = "Its history file.")
    Path historyFile;
    @Option(names = "--server-log", description = "Its log, to check for ERROR and exceptions.")
    Path serverLog;
    @Option(names = "--json-out", description = "Also append the JSON line to this file.")
    Path jsonOut;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SoakMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        SoakOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            System.err.println("chat-soak: " + e.getMessage());
            return USAGE;
        }
        SoakReport report;
        try {
            report = Soak.run(options);
        } catch (IOException e) {
            System.err.println("chat-soak: " + e.getMessage());
            return FAILED;
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        out.println(report.table());
        out.println(report.json());
        if (jsonOut != null) {
            Files.writeString(jsonOut, report.json() + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return report.violationCount() == 0 ? CLEAN : VIOLATED;
    }

    SoakOptions options() throws IOException {
        if (!(duration > 0) || duration > 86_400) {
            throw new IllegalArgumentException("--duration must be from 0 to 86400 seconds");
        }
        Optional<SoakOptions.Attach> attach = Optional.empty();
        if (port != null) {
            if (metricsPort == null || serverPid == null || historyFile == null) {
                throw new IllegalArgumentException("--port needs --metrics-port, --server-pid and --history-file");
            }
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            attach = Optional.of(new SoakOptions.Attach(new InetSocketAddress(loopback, port),
                    new InetSocketAddress(loopback, metricsPort), serverPid, historyFile, Optional.ofNullable(serverLog)));
        }
        Path workDir = dir != null ? dir : Files.createTempDirectory("chat-soak-");
        return new SoakOptions(Duration.ofMillis(Math.round(duration * 1000)), chatters, flooders, saboteurs,
                Optional.ofNullable(serverJar), serverArgs, workDir, attach);
    }
}
