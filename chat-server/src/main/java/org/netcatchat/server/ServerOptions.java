package org.netcatchat.server;

import org.netcatchat.protocol.Wire;
import org.netcatchat.server.accounts.HashCost;
import org.netcatchat.server.accounts.Operator;
import org.netcatchat.server.address.AddressLimits;
import org.netcatchat.server.chat.RoomLimits;
import org.netcatchat.server.history.FsyncPolicy;
import org.netcatchat.server.logging.LogSettings;
import org.netcatchat.server.proxy.TrustedProxies;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Every option of the server and its default, in one place. {@link Arguments} fills it from the command line.
 *
 * @param port            plain-text chat port; 0 picks a free one (tests)
 * @param plain           whether the plain-text port is open at all ({@code --no-plain}: TLS only)
 * @param bind            chat address; the wildcard address means all interfaces
 * @param metricsPort     port of {@code /metrics}; 0 turns the endpoint off
 * @param maxConnections  admitted connections at once; past it the server stops accepting
 * @param replayLines     history lines replayed to a client when it joins
 * @param loginTimeout    how long a connection may stay without a name; zero means no limit
 * @param rateLimit       frames per second per connection (token bucket); zero means no limit
 * @param rateBurst       frames a connection may send at once before the rate applies
 * @param addressRateLimit frames per second per address, all its connections together (the ceiling); 0 = none;
 *                        ignored (none) when {@code rateLimit} is 0
 * @param addressRateBurst frames an address may send at once before its rate applies
 * @param maxQueueBytes   bytes waiting for one client before it is dropped as too slow
 * @param maxConnectionsPerAddress admitted connections at once from one address (IPv4, or IPv6 /64); 0 = no limit
 * @param connectionRate  new connections a minute per address, refused ones included; 0 = no limit
 * @param connectionBurst new connections an address may open at once before the rate applies
 * @param nameRate        {@code name} commands a minute per address, refused ones included; 0 = no limit
 * @param nameBurst       {@code name} commands an address may send at once before the rate applies
 * @param tls             the TLS port and its certificate and key, when there is one
 * @param idleTimeout     how long a joined client may send nothing before it is closed; zero means never
 * @param logging         log level and format ({@code --log-level}, {@code --log-format})
 * @param historyMaxBytes the live history file is rotated before an append would take it past this; 0 = never
 * @param historyKeep     rotated history files kept ({@code history.txt.1} … {@code .N}); the oldest is deleted
 * @param cluster         the shared Redis when this node is one of several ({@code --cluster}); empty: single node
 * @param rooms           how many named rooms there may be: per member, open at once, opened a minute per address
 * @param timeZone        the zone of every time stamp on the wire and in the history ({@code --time-zone}, UTC by
 *                        default); the greeting names it, since the v1 stamp has no room for it
 * @param proxies         the proxies whose connections start with a PROXY protocol header naming the client
 *                        ({@code --proxy-from}); none by default, and then no header is believed from anyone
 * @param passwords       owned names and operators (issue 18): the cost of a new password hash, whether passwords
 *                        are taken over plain text, and the operators
 */
public record ServerOptions(
        int port,
        InetAddress bind,
        int metricsPort,
        InetAddress metricsBind,
        Path historyFile,
        FsyncPolicy fsync,
        int maxConnections,
        int maxLineBytes,
        int replayLines,
        Duration shutdownTimeout,
        Duration loginTimeout,
        double rateLimit,
        int rateBurst,
        double addressRateLimit,
        int addressRateBurst,
        long maxQueueBytes,
        boolean plain,
        int maxConnectionsPerAddress,
        double connectionRate,
        int connectionBurst,
        double nameRate,
        int nameBurst,
        Optional<Tls> tls,
        Duration idleTimeout,
        LogSettings logging,
        long historyMaxBytes,
        int historyKeep,
        Optional<Cluster> cluster,
        RoomLimits rooms,
        ZoneId timeZone,
        TrustedProxies proxies,
        Passwords passwords) {

    /**
     * Owned names (issue 18). {@code cost} hashes new passwords ({@code --password-memory},
     * {@code --password-iterations}); {@code tlsOnly} refuses passwords on the plain-text port
     * ({@code --passwords-on-tls-only}); {@code operators} come from {@code --operator NAME:HASH}. The accounts file is
     * {@code accounts.txt} and the bans file {@code bans.txt}, both beside the history file.
     */
    public record Passwords(HashCost cost, boolean tlsOnly, java.util.List<Operator> operators) {
        public static final Passwords DEFAULT = new Passwords(HashCost.DEFAULT, false, java.util.List.of());

        public Passwords {
            Objects.requireNonNull(cost, "cost");
            operators = java.util.List.copyOf(operators);
            if (operators.stream().map(operator -> operator.name().key()).distinct().count() != operators.size()) {
                throw new IllegalArgumentException("--operator: a name is given twice");
            }
        }
    }

    /**
     * One node of a chat shared through Redis (issue 11): {@code redis} is {@code redis://HOST:PORT[/DB]}, or
     * {@code rediss://} for TLS to Redis, with {@code [USER]:PASSWORD@} before the host when Redis wants one (the
     * password is never shown: {@link #shown}),
     * {@code keyPrefix} starts every key this chat uses ({@code PREFIX:log}, {@code PREFIX:name:...}), so several
     * chats can share one Redis; {@code historyMaxLines} keeps the stream at about that many entries
     * ({@code XADD ... MAXLEN ~ N}), 0 keeps every one.
     */
    public record Cluster(java.net.URI redis, String keyPrefix, long historyMaxLines) {
        public static final String DEFAULT_KEY_PREFIX = "netcat";

        public Cluster {
            Objects.requireNonNull(redis, "redis");
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            if (!("redis".equals(redis.getScheme()) || "rediss".equals(redis.getScheme())) || redis.getHost() == null
                    || redis.getPort() < 1) {
                throw new IllegalArgumentException("--cluster takes redis://HOST:PORT[/DB] or rediss://..., not '"
                        + shown(redis) + "'");
            }
            String path = redis.getPath() == null ? "" : redis.getPath();
            if (!path.isEmpty() && !path.matches("/\\d{1,2}")) {
                throw new IllegalArgumentException("--cluster: the database after the port is a number, as in redis://HOST:PORT/0, not '"
                        + path + "'");
            }
            if (historyMaxLines < 0) {
                throw new IllegalArgumentException("--history-max-lines must be 0 (keep every line) or more, got "
                        + historyMaxLines);
            }
            if (keyPrefix.isEmpty() || !keyPrefix.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("--cluster-key takes printable ASCII without spaces, not '" + keyPrefix + "'");
            }
        }

        /** Whether the connections to Redis are TLS ({@code rediss://}). */
        public boolean tls() {
            return "rediss".equals(redis.getScheme());
        }

        /** The address as logs and messages may show it: {@link #shown(java.net.URI)}. */
        public String shown() {
            return shown(redis);
        }

        /** Not the record's own: that would show the password. */
        @Override
        public String toString() {
            return "Cluster[redis=" + shown() + ", keyPrefix=" + keyPrefix + ", historyMaxLines=" + historyMaxLines + "]";
        }

        /**
         * {@code redis} with its user and password, if any, as {@code ***}: {@code redis://***@host:6379/0}. A
         * credential goes to Redis and nowhere else: not to a log line, an error message or {@code toString}.
         */
        public static String shown(java.net.URI redis) {
            String authority = redis.getRawAuthority();
            if (authority == null || authority.indexOf('@') < 0) {
                return redis.isOpaque() && redis.toString().indexOf('@') >= 0 ? redis.getScheme() + ":***" : redis.toString();
            }
            return redis.getScheme() + "://***@" + authority.substring(authority.lastIndexOf('@') + 1)
                    + (redis.getRawPath() == null ? "" : redis.getRawPath());
        }
    }

    /** The TLS listener: port (0 picks a free one), certificate chain and private key as PEM files. */
    public record Tls(int port, Path certificate, Path key) {
        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
            requireRange("TLS port", port, 0, 65535);
        }
    }

    public static final int DEFAULT_MAX_CONNECTIONS = 10;
    public static final int DEFAULT_REPLAY_LINES = 100;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    /** Long enough for a person to type a name, short enough that idle sockets cannot hold the slots. */
    public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(30);
    /** Far above a person typing, far below a script flooding the room. */
    public static final double DEFAULT_RATE_LIMIT = 20;
    public static final int DEFAULT_RATE_BURST = 40;
    /**
     * The ceiling of one address, all its connections together: three connections at full speed. One person
     * flooding behind a NAT takes at most a third of it, leaving the others 40 lines a second and 80 at once;
     * a reconnect loop (each new connection starts with a full bucket of its own) gets no more than this.
     */
    public static final double DEFAULT_ADDRESS_RATE_LIMIT = 60;
    public static final int DEFAULT_ADDRESS_RATE_BURST = 120;
    /** About a thousand lines of backlog for one client: minutes of chat, seconds of a flood. */
    public static final long DEFAULT_MAX_QUEUE_BYTES = 1024 * 1024;
    /**
     * 1 GiB: far above any useful backlog (the smallest queue the largest line limit needs is 64 MiB), and below
     * what makes the slow-consumer drop meaningless: a larger queue would let one client that stops reading
     * hold more of the heap than a server has, so it would never be dropped before the JVM ran out of memory.
     */
    public static final long MAX_MAX_QUEUE_BYTES = 1024L * 1024 * 1024;
    /**
     * Half the global limit: one address cannot take every slot, and a household or office behind one NAT
     * still fits a few people. (With the global default of 10, two busy addresses can still fill the server:
     * raise --max-connections on a public server.)
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 5;
    /** A reconnect every two seconds, sustained, after a burst of 10: a person never notices; a loop does. */
    public static final double DEFAULT_CONNECTION_RATE = 30;
    public static final int DEFAULT_CONNECTION_BURST = 10;
    /** A join or rename every 10 s per address after a burst of 10: bounds the join and leave notices a loop can cause. */
    public static final double DEFAULT_NAME_RATE = 6;
    public static final int DEFAULT_NAME_BURST = 10;
    /**
     * Off: in a chat, reading without speaking for hours is normal, so silence is no sign of a dead client.
     * Dead peers (half-open sockets) are found by TCP keepalive instead, which every connection has on.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ZERO;
    /**
     * Off: deleting transcripts is a retention decision the operator makes, so a fresh install keeps every line
     * (as version 1 did) until {@code --history-max-bytes} or an external logrotate says otherwise.
     */
    public static final long DEFAULT_HISTORY_MAX_BYTES = 0;
    public static final int DEFAULT_HISTORY_KEEP = 5;
    /**
     * UTC, not the machine's zone: users read a server from anywhere, a cluster's nodes must stamp in one zone (the
     * lines of all of them share one history), and the terminal client shows each line in its user's own zone.
     */
    public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("UTC");
    /** Bounds the descriptors one {@code hist} opens (one per kept file). */
    public static final int MAX_HISTORY_KEEP = 1000;

    /** How many of the longest pushed lines an outbox must hold, at the least. */
    public static final int QUEUED_LINES_AT_LEAST = 4;
    /**
     * What a pushed line may add to a {@code text} frame's line: the time (21 bytes), a name of 32 characters
     * of up to 4 bytes each in {@code [...]:} (131 bytes) and the LF, or any notice; all within this.
     */
    public static final int PUSHED_LINE_OVERHEAD_BYTES = 512;

    /** The smallest {@code --max-queue-bytes} for a line limit: {@value #QUEUED_LINES_AT_LEAST} of the longest pushed line. */
    public static long minQueueBytes(int maxLineBytes) {
        return QUEUED_LINES_AT_LEAST * ((long) maxLineBytes + PUSHED_LINE_OVERHEAD_BYTES);
    }

    public ServerOptions {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(metricsBind, "metricsBind");
        Objects.requireNonNull(historyFile, "historyFile");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(loginTimeout, "loginTimeout");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(rooms, "rooms");
        Objects.requireNonNull(proxies, "proxies");
        Objects.requireNonNull(passwords, "passwords");
        if (passwords.tlsOnly() && tls.isEmpty()) {
            throw new IllegalArgumentException("--passwords-on-tls-only needs --tls-port, --tls-cert and --tls-key:"
                    + " no password could be given at all");
        }
        requireRange("port", port, 0, 65535);
        requireRange("metrics port", metricsPort, 0, 65535);
        requireRange("max connections", maxConnections, 1, 1_000_000);
        requireRange("max line bytes", maxLineBytes, Wire.COMMAND_BYTES, 16 * 1024 * 1024);
        requireRange("replay lines", replayLines, 0, 1_000_000);
        requireRange("rate burst", rateBurst, 1, 1_000_000);
        requireRange("address rate burst", addressRateBurst, 1, 1_000_000);
        requireRate("address rate limit", addressRateLimit);
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(tls, "tls");
        requireRange("max connections per address", maxConnectionsPerAddress, 0, 1_000_000);
        requireRange("connection burst", connectionBurst, 1, 1_000_000);
        requireRange("name burst", nameBurst, 1, 1_000_000);
        requireRate("connection rate", connectionRate);
        requireRange("history max bytes", historyMaxBytes, 0, Long.MAX_VALUE / 2);
        requireRange("history keep", historyKeep, 1, MAX_HISTORY_KEEP);
        requireRate("name rate", nameRate);
        if (!plain && tls.isEmpty()) {
            throw new IllegalArgumentException("--no-plain needs --tls-port, --tls-cert and --tls-key: no port would be left");
        }
        if (shutdownTimeout.isNegative() || loginTimeout.isNegative() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts cannot be negative");
        }
        if (!(rateLimit >= 0) || Double.isInfinite(rateLimit)) {
            throw new IllegalArgumentException("rate limit must be a number >= 0, got " + rateLimit);
        }
        if (maxQueueBytes > MAX_MAX_QUEUE_BYTES) {
            throw new IllegalArgumentException("max queue bytes must be from " + minQueueBytes(maxLineBytes) + " to "
                    + MAX_MAX_QUEUE_BYTES + " (1 GiB), got " + maxQueueBytes + ": a larger queue would let a client that"
                    + " stops reading fill the heap before it is dropped as too slow");
        }
        if (maxQueueBytes < minQueueBytes(maxLineBytes)) {
            throw new IllegalArgumentException("max queue bytes must be at least " + minQueueBytes(maxLineBytes)
                    + " with max line bytes " + maxLineBytes + ": " + QUEUED_LINES_AT_LEAST
                    + " of the longest line the server can push, so one message can never overflow every member");
        }
    }

    /** The defaults of the command line: port 8989, metrics on 2112, history.txt in the working directory. */
    public static ServerOptions defaults() {
        return new ServerOptions(Wire.DEFAULT_PORT, wildcard(), Wire.DEFAULT_METRICS_PORT, wildcard(),
                Path.of("history.txt"), FsyncPolicy.BATCH, DEFAULT_MAX_CONNECTIONS, Wire.DEFAULT_MAX_LINE_BYTES,
                DEFAULT_REPLAY_LINES, DEFAULT_SHUTDOWN_TIMEOUT, DEFAULT_LOGIN_TIMEOUT, DEFAULT_RATE_LIMIT,
                DEFAULT_RATE_BURST, DEFAULT_ADDRESS_RATE_LIMIT, DEFAULT_ADDRESS_RATE_BURST, DEFAULT_MAX_QUEUE_BYTES, true, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                DEFAULT_CONNECTION_RATE, DEFAULT_CONNECTION_BURST, DEFAULT_NAME_RATE, DEFAULT_NAME_BURST, Optional.empty(),
                DEFAULT_IDLE_TIMEOUT, LogSettings.DEFAULT, DEFAULT_HISTORY_MAX_BYTES, DEFAULT_HISTORY_KEEP, Optional.empty(),
                RoomLimits.DEFAULT, DEFAULT_TIME_ZONE, TrustedProxies.NONE, Passwords.DEFAULT);
    }

    /**
     * The limits per address, as {@link AddressLimits} takes them. {@code --rate-limit 0} turns the flood limit
     * off altogether, the address's ceiling too: what it meant before there was a ceiling.
     */
    public AddressLimits.Settings addressLimits() {
        return new AddressLimits.Settings(maxConnectionsPerAddress, connectionRate, connectionBurst, nameRate, nameBurst,
                rateLimit, rateBurst, rateLimit == 0 ? 0 : addressRateLimit, addressRateBurst, rooms.creationsPerMinute());
    }

    /** {@code accounts.txt} beside the history file: the owned names and their password hashes. */
    public java.nio.file.Path accountsFile() {
        return historyFile.toAbsolutePath().resolveSibling("accounts.txt");
    }

    /** {@code bans.txt} beside the history file: the names and addresses banned until a time. */
    public java.nio.file.Path bansFile() {
        return historyFile.toAbsolutePath().resolveSibling("bans.txt");
    }

    public static InetAddress wildcard() {
        return new InetSocketAddress(0).getAddress();
    }

    private static void requireRate(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be a number >= 0, got " + value);
        }
    }

    private static void requireRange(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be from " + min + " to " + max + ", got " + value);
        }
    }
}
