package org.netcatchat.server;

import org.netcatchat.server.history.FsyncPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command line, parsed by picocli into {@link ServerOptions}. Defaults come from {@link ServerOptions}. */
@Command(name = "chat-server", sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = "java --enable-preview -jar chat-server.jar [port] [options]",
        description = "netcat-chat: a TCP chat server. Talk to it with `nc host port`; metrics on http://host:2112/metrics.")
final class Arguments {
    @Parameters(index = "0", arity = "0..1", paramLabel = "port", defaultValue = "8989",
            description = "Chat port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default: all interfaces).")
    InetAddress bind = ServerOptions.wildcard();

    @Option(names = "--metrics-port", paramLabel = "N", defaultValue = "2112",
            description = "Port of /metrics (default ${DEFAULT-VALUE}; 0 turns metrics off).")
    int metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDR",
            description = "Address of /metrics, e.g. 127.0.0.1 to keep it private (default: all interfaces).")
    InetAddress metricsBind = ServerOptions.wildcard();

    @Option(names = "--history-file", paramLabel = "PATH", defaultValue = "history.txt",
            description = "The transcript (default ${DEFAULT-VALUE} in the working directory).")
    Path historyFile;

    @Option(names = "--fsync", paramLabel = "always|batch|never", defaultValue = "batch",
            description = "When the history is forced to disk before an ACK (default ${DEFAULT-VALUE}).")
    String fsync;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "10",
            description = "Connections served at once; more wait to be accepted (default ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-line-bytes", paramLabel = "BYTES", defaultValue = "4096",
            description = "Longest line a client may send (default ${DEFAULT-VALUE}).", converter = ByteSize.class)
    long maxLineBytes;

    @Option(names = "--replay-lines", paramLabel = "N", defaultValue = "100",
            description = "History lines replayed on join (default ${DEFAULT-VALUE}).")
    int replayLines;

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long a stop waits for clients to get their last lines (default ${DEFAULT-VALUE}).",
            converter = Seconds.class)
    Duration shutdownTimeout;

    @Option(names = "--login-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Close connections that send no name within this time; 0 = never (default ${DEFAULT-VALUE}).",
            converter = Seconds.class)
    Duration loginTimeout;

    @Option(names = "--rate-limit", paramLabel = "PER_SECOND", defaultValue = "20",
            description = "Lines per second per client; 0 = no limit (default ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(names = "--rate-burst", paramLabel = "N", defaultValue = "40",
            description = "Lines a client may send at once before the rate applies (default ${DEFAULT-VALUE}).")
    int rateBurst;

    @Option(names = "--max-queue-bytes", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Bytes waiting for one client before it is dropped as too slow (default ${DEFAULT-VALUE} = 1 MiB).",
            converter = ByteSize.class)
    long maxQueueBytes;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Close joined clients that send nothing for this long; 0 = never, TCP keepalive finds dead"
                    + " peers anyway (default ${DEFAULT-VALUE}).",
            converter = Seconds.class)
    Duration idleTimeout;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** The parser Main uses. A later option overrides an earlier one, so scripts can append to a base command line. */
    static CommandLine commandLine() {
        return new CommandLine(new Arguments()).setOverwrittenOptionsAllowed(true);
    }

    ServerOptions toOptions() {
        FsyncPolicy policy = switch (fsync.toLowerCase(Locale.ROOT)) {
            case "always" -> FsyncPolicy.ALWAYS;
            case "batch" -> FsyncPolicy.BATCH;
            case "never" -> FsyncPolicy.NEVER;
            default -> throw new IllegalArgumentException("--fsync takes always, batch or never, not '" + fsync + "'");
        };
        if (maxLineBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--max-line-bytes is too large: " + maxLineBytes);
        }
        return new ServerOptions(port, bind, metricsPort, metricsBind, historyFile, policy, maxConnections,
                (int) maxLineBytes, replayLines, shutdownTimeout, loginTimeout, rateLimit, rateBurst, maxQueueBytes,
                idleTimeout);
    }

    /** Seconds as a plain number ({@code 30}, {@code 0.5}) or with a unit: {@code 500ms}, {@code 30s}, {@code 2m}. */
    static final class Seconds implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

        @Override
        public Duration convert(String value) {
            Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a time: use seconds, e.g. 30, 0.5, 500ms, 2m");
            }
            double number = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double millis = switch (unit) {
                case "ms" -> number;
                case "m" -> number * 60_000;
                case "h" -> number * 3_600_000;
                default -> number * 1000;
            };
            return Duration.ofNanos(Math.round(millis * 1_000_000));
        }
    }

    /** Bytes as a plain number ({@code 1048576}) or with a unit: {@code 64k}, {@code 1MiB}, {@code 2M}. */
    static final class ByteSize implements CommandLine.ITypeConverter<Long> {
        private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

        @Override
        public Long convert(String value) {
            Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a size: use bytes, e.g. 1048576, 64k, 1MiB");
            }
            long number = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "b" : m.group(2);
            long multiplier = switch (unit.charAt(0)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                case 'g' -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            return Math.multiplyExact(number, multiplier);
        }
    }
}
