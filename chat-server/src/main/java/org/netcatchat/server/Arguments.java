package org.netcatchat.server;

import org.netcatchat.server.chat.RoomLimits;
import org.netcatchat.server.history.FsyncPolicy;
import org.netcatchat.server.logging.LogFormat;
import org.netcatchat.server.logging.LogSettings;
import org.netcatchat.server.proxy.TrustedProxies;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line, parsed by picocli into {@link ServerOptions}. Defaults come from {@link ServerOptions}. Past 300
 * lines because it is one declaration per option (with its help text): a table, read top to bottom.
 */
@Command(name = "chat-server", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Arguments.Version.class,
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

    @Option(names = "--history-max-bytes", paramLabel = "BYTES", defaultValue = "0", converter = ByteSize.class,
            description = "Rotate the history file before an append takes it past this size (history.txt -> history.txt.1);"
                    + " 0 = never, e.g. for an external logrotate (default ${DEFAULT-VALUE}).")
    long historyMaxBytes;

    @Option(names = "--history-keep", paramLabel = "N", defaultValue = "5",
            description = "Rotated history files kept, history.txt.1 (newest) to .N; the oldest is deleted (default ${DEFAULT-VALUE}).")
    int historyKeep;

    @Option(names = "--max-rooms-per-member", paramLabel = "N", defaultValue = "20",
            description = "Named rooms one member may be in at once, #lobby not counted (default ${DEFAULT-VALUE}).")
    int maxRoomsPerMember;

    @Option(names = "--max-rooms", paramLabel = "N", defaultValue = "1000",
            description = "Named rooms with a member at once, #lobby not counted (default ${DEFAULT-VALUE}).")
    int maxRooms;

    @Option(names = "--room-creations-per-minute", paramLabel = "N", defaultValue = "10",
            description = "Joins from one address a minute that open a room nobody is in; 0 = no limit (default ${DEFAULT-VALUE}).")
    double roomCreationsPerMinute;

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

    @Option(names = "--time-zone", paramLabel = "ZONE", defaultValue = "UTC", converter = Zone.class,
            description = "Zone of the time stamped on every line: UTC, a zone such as Europe/Berlin, an offset such as"
                    + " +01:00, or 'system' for this machine's (default ${DEFAULT-VALUE}). The greeting names it.")
    ZoneId timeZone;

    @Option(names = "--rate-limit", paramLabel = "PER_SECOND", defaultValue = "20",
            description = "Lines per second per connection; 0 = no limit (default ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(names = "--rate-burst", paramLabel = "N", defaultValue = "40",
            description = "Lines a connection may send at once before the rate applies (default ${DEFAULT-VALUE}).")
    int rateBurst;

    @Option(names = "--address-rate-limit", paramLabel = "PER_SECOND", defaultValue = "60",
            description = "Lines per second from one address, all its connections together; 0 = no limit (default ${DEFAULT-VALUE}).")
    double addressRateLimit;

    @Option(names = "--address-rate-burst", paramLabel = "N", defaultValue = "120",
            description = "Lines one address may send at once before its rate applies (default ${DEFAULT-VALUE}).")
    int addressRateBurst;

    @Option(names = "--max-queue-bytes", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Bytes waiting for one client before it is dropped as too slow, at most 1\u00A0GiB (default ${DEFAULT-VALUE} = 1\u00A0MiB).",
            converter = ByteSize.class)
    long maxQueueBytes;

    @Option(names = "--max-connections-per-ip", paramLabel = "N", defaultValue = "5",
            description = "Connections at once from one address (IPv6: one /64); 0 = no limit (default ${DEFAULT-VALUE}).")
    int maxConnectionsPerIp;

    @Option(names = "--connection-rate", paramLabel = "PER_MINUTE", defaultValue = "30",
            description = "New connections a minute from one address; 0 = no limit (default ${DEFAULT-VALUE}).")
    double connectionRate;

    @Option(names = "--connection-burst", paramLabel = "N", defaultValue = "10",
            description = "New connections one address may open at once (default ${DEFAULT-VALUE}).")
    int connectionBurst;

    @Option(names = "--name-rate", paramLabel = "PER_MINUTE", defaultValue = "6",
            description = "Joins and renames a minute from one address; 0 = no limit (default ${DEFAULT-VALUE}).")
    double nameRate;

    @Option(names = "--name-burst", paramLabel = "N", defaultValue = "10",
            description = "Joins and renames one address may send at once (default ${DEFAULT-VALUE}).")
    int nameBurst;

    @Option(names = "--tls-port", paramLabel = "N",
            description = "Also serve the chat over TLS on this port (needs --tls-cert and --tls-key).")
    Integer tlsPort;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain, server certificate first (Let's Encrypt: fullchain.pem).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "PEM private key: PKCS#8 (Let's Encrypt: privkey.pem) or PKCS#1 RSA.")
    Path tlsKey;

    @Option(names = "--no-plain", description = "Serve TLS only: do not open the plain-text port.")
    boolean noPlain;

    // Repeatable, and split at commas so that the config file and the environment, which hold one value per key,
    // can list several: proxy-from = 10.0.0.5, 10.0.1.0/24.
    @Option(names = "--proxy-from", paramLabel = "ADDR|CIDR", split = ",",
            description = "A proxy (HAProxy send-proxy-v2) whose connections start with a PROXY protocol header, v1 or v2,"
                    + " naming the client: limits and logs then use the client's address. Repeatable, or comma-separated."
                    + " From other addresses a header is never believed (default: none).")
    List<String> proxyFrom; // null when not given anywhere

    @Option(names = "--password-memory", paramLabel = "KIB", defaultValue = "19456",
            description = "Memory of one Argon2id password hash, in KiB; at most as many hashes as cores run at once"
                    + " (default ${DEFAULT-VALUE} = 19\u00A0MiB, some 50 ms a hash).")
    int passwordMemory;

    @Option(names = "--password-iterations", paramLabel = "N", defaultValue = "2",
            description = "Passes of one Argon2id password hash over its memory (default ${DEFAULT-VALUE}).")
    int passwordIterations;

    @Option(names = "--passwords-on-tls-only",
            description = "Take passwords (name NAME PASSWORD, pass) on the TLS port only; on the plain port they are"
                    + " refused, so they never cross the network in clear (needs --tls-port).")
    boolean passwordsOnTlsOnly;

    // Repeatable, and split at white space (a hash holds commas) for the config file and the environment.
    @Option(names = "--operator", paramLabel = "NAME:HASH", split = "\\s+",
            description = "Make NAME an operator, whose password is the one hashed by the hash-password command."
                    + " Repeatable, or separated by spaces. The name is protected from the start (default: none).")
    List<String> operators; // null when not given anywhere

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "error, warn, info, debug or trace (default ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            description = "Log lines on stderr as text, or one JSON object per line (default ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings from a properties file (key = option without dashes: max-connections = 50); "
                    + "NETCAT_CHAT_* environment variables (NETCAT_CHAT_MAX_CONNECTIONS=50) override it, options override both.")
    Path config;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Close joined clients that send nothing for this long; 0 = never, TCP keepalive finds dead"
                    + " peers anyway (default ${DEFAULT-VALUE}).",
            converter = Seconds.class)
    Duration idleTimeout;

    @Option(names = "--cluster", paramLabel = "redis[s]://[[USER]:PASSWORD@]HOST:PORT[/DB]",
            description = "Be one node of a chat shared through this Redis (its stream is the history; history"
                    + " options are then unused); rediss:// for TLS, checked against the JVM's trust store; the"
                    + " password is never logged. Default: a single node with its own history file.")
    java.net.URI cluster;

    @Option(names = "--cluster-key", paramLabel = "PREFIX", defaultValue = ServerOptions.Cluster.DEFAULT_KEY_PREFIX,
            description = "Start of every Redis key of this chat, so several chats can share one Redis (default ${DEFAULT-VALUE}).")
    String clusterKey;

    @Option(names = "--history-max-lines", paramLabel = "N", defaultValue = "0",
            description = "With --cluster: keep about the last N lines of the shared stream (XADD MAXLEN ~ N); 0 = all"
                    + " (default ${DEFAULT-VALUE}). A single node rotates by size instead: --history-max-bytes.")
    long historyMaxLines;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    /**
     * Set by the runtime image's {@code bin/chat-server} to the path it was run as, so {@code --help} and a usage
     * error show the command the operator typed, not the {@code java -jar} line of the bare jar.
     */
    static final String LAUNCHER_PROPERTY = "netcatchat.launcher";

    /** {@code java --enable-preview -jar chat-server.jar [port] [options]}, or {@code bin/chat-server [port] [options]}. */
    static String usage() {
        String launcher = System.getProperty(LAUNCHER_PROPERTY, "");
        return (launcher.isBlank() ? "java --enable-preview -jar chat-server.jar" : launcher) + " [port] [options]";
    }

    /** The command line alone. A later option overrides an earlier one, so scripts can append to a base command line. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Arguments()).setOverwrittenOptionsAllowed(true);
        commandLine.getCommandSpec().usageMessage().customSynopsis(usage());
        HelpLayout.install(commandLine);
        return commandLine;
    }

    /**
     * The parser Main uses: the command line, then the environment's {@code NETCAT_CHAT_*} variables, then the
     * config file named by {@code --config} or {@code NETCAT_CHAT_CONFIG} (see {@link ConfigSources}).
     */
    static CommandLine commandLine(String[] args, Map<String, String> environment) throws ConfigSources.ConfigException {
        CommandLine commandLine = commandLine();
        commandLine.setDefaultValueProvider(ConfigSources.load(commandLine.getCommandSpec(), args, environment));
        return commandLine;
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
                (int) maxLineBytes, replayLines, shutdownTimeout, loginTimeout, rateLimit, rateBurst, addressRateLimit,
                addressRateBurst, maxQueueBytes,
                !noPlain, maxConnectionsPerIp, connectionRate, connectionBurst, nameRate, nameBurst, tls(),
                idleTimeout, new LogSettings(logLevel(), logFormat()), historyMaxBytes, historyKeep,
                cluster(), new RoomLimits(maxRoomsPerMember, maxRooms, roomCreationsPerMinute), timeZone,
                TrustedProxies.of(proxyFrom == null ? List.of() : proxyFrom), passwords());
    }

    private ServerOptions.Passwords passwords() {
        List<org.netcatchat.server.accounts.Operator> parsed = operators == null ? List.of() : operators.stream()
                .map(String::strip).filter(each -> !each.isEmpty()).map(org.netcatchat.server.accounts.Operator::parse)
                .toList();
        return new ServerOptions.Passwords(org.netcatchat.server.accounts.HashCost.of(passwordMemory, passwordIterations),
                passwordsOnTlsOnly, parsed);
    }

    /** {@code --cluster} and its options; {@code --history-max-lines} means nothing without it. */
    private Optional<ServerOptions.Cluster> cluster() {
        if (cluster == null) {
            if (historyMaxLines != 0) {
                throw new IllegalArgumentException("--history-max-lines needs --cluster: a single node rotates its history"
                        + " file by size (--history-max-bytes)");
            }
            return Optional.empty();
        }
        return Optional.of(new ServerOptions.Cluster(cluster, clusterKey, historyMaxLines));
    }

    /** All three TLS options, or none. */
    private Optional<ServerOptions.Tls> tls() {
        if (tlsPort == null && tlsCert == null && tlsKey == null) {
            return Optional.empty();
        }
        if (tlsPort == null || tlsCert == null || tlsKey == null) {
            throw new IllegalArgumentException("TLS needs all three of --tls-port, --tls-cert and --tls-key");
        }
        return Optional.of(new ServerOptions.Tls(tlsPort, tlsCert, tlsKey));
    }

    private System.Logger.Level logLevel() {
        return switch (logLevel.toLowerCase(Locale.ROOT)) {
            case "error" -> System.Logger.Level.ERROR;
            case "warn", "warning" -> System.Logger.Level.WARNING;
            case "info" -> System.Logger.Level.INFO;
            case "debug" -> System.Logger.Level.DEBUG;
            case "trace" -> System.Logger.Level.TRACE;
            default -> throw new IllegalArgumentException("--log-level takes error, warn, info, debug or trace, not '" + logLevel + "'");
        };
    }

    private LogFormat logFormat() {
        return switch (logFormat.toLowerCase(Locale.ROOT)) {
            case "text" -> LogFormat.TEXT;
            case "json" -> LogFormat.JSON;
            default -> throw new IllegalArgumentException("--log-format takes text or json, not '" + logFormat + "'");
        };
    }

    /** {@code chat-server 1.2.0 (commit bc11ad4)}: the Maven project version and the commit, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"chat-server " + BuildInfo.describe()};
        }
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

    /** A time zone: {@code UTC}, a region ({@code Europe/Berlin}), an offset ({@code +01:00}), or {@code system}. */
    static final class Zone implements CommandLine.ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            String trimmed = value.trim();
            if (trimmed.equalsIgnoreCase("system")) {
                return ZoneId.systemDefault();
            }
            if (trimmed.equalsIgnoreCase("utc") || trimmed.equals("Z")) {
                return ZoneId.of("UTC"); // one spelling, so the greeting says "UTC", never "Z"
            }
            try {
                return ZoneId.of(trimmed);
            } catch (java.time.DateTimeException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a time zone: use UTC, a zone such as Europe/Berlin, an offset such as +01:00, or system");
            }
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
