package org.netcatchat.server.metrics;

import org.netcatchat.server.proxy.HeaderRejection;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.hotspot.DefaultExports;
import org.netcatchat.protocol.Problem;
import org.netcatchat.server.address.AddressLimits;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server's metrics in Prometheus form, served on {@code /metrics} when given a port. The only class
 * that imports Prometheus. Each instance has its own registry, so several servers can live in one JVM (tests).
 */
public final class PrometheusMetrics implements ServerEvents, AutoCloseable {
    private static final double NANOS_PER_SECOND = 1e9;
    /** The labels of {@code netcat_moderation_actions_total}: a fixed set, so the page keeps one size. */
    private static final java.util.Set<String> MODERATION_ACTIONS = java.util.Set.of("kick", "ban", "mute", "unmute", "unban");

    private final CollectorRegistry registry = new CollectorRegistry(true);
    private final Gauge activeConnections = Gauge.build("netcat_active_connections",
            "Admitted connections, joined or not.").register(registry);
    private final Counter connections = Counter.build("netcat_connections_total",
            "Connections admitted since start.").register(registry);
    private final Gauge joinedClients = Gauge.build("netcat_joined_clients",
            "Connections that have joined the chat with a name.").register(registry);
    private final Gauge connectionThreads = Gauge.build("netcat_connection_virtual_threads",
            "Live virtual threads serving connections (JVM thread metrics count platform threads only).")
            .register(registry);
    private final Counter messages = Counter.build("netcat_messages_total",
            "Broadcast text messages (notices not counted).").register(registry);
    private final Counter deliveries = Counter.build("netcat_message_deliveries_total",
            "Text messages queued to receivers, summed over receivers.").register(registry);
    private final Histogram broadcastLatency = Histogram.build("netcat_broadcast_latency_seconds",
                    "From a text frame handled to its ACK queued: history append and fan-out (under --fsync always, the fsync too).")
            .buckets(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
            .register(registry);
    // Rooms and private messages: no room label, so the page stays one size however many rooms people open
    // (a label per room would be a series per room, made by whoever names one: docs/OPERATIONS.md).
    private final Counter roomJoins = Counter.build("netcat_room_joins_total",
            "Joins of named rooms (the lobby's are netcat_joined_clients).").register(registry);
    private final Counter roomMessages = Counter.build("netcat_room_messages_total",
            "Messages said in named rooms by this server's clients (tell#room).").register(registry);
    private final Counter roomDeliveries = Counter.build("netcat_room_message_deliveries_total",
            "Room messages queued to receivers, summed over receivers.").register(registry);
    private final Counter privateMessages = Counter.build("netcat_private_messages_total",
            "Private messages queued to their receivers (stored nowhere; counted, never logged).").register(registry);
    private final Gauge openRooms = Gauge.build("netcat_open_rooms",
            "Named rooms with at least one member.").register(registry);
    private final Counter rejectedFrames = Counter.build("netcat_rejected_frames_total",
            "Frames answered with ERR, by reason.").labelNames("reason").register(registry);
    private final Counter receivedBytes = Counter.build("netcat_received_bytes_total",
            "Bytes read from clients.").register(registry);
    private final Counter sentBytes = Counter.build("netcat_sent_bytes_total",
            "Bytes written to clients.").register(registry);
    private final Counter slowClients = Counter.build("netcat_slow_client_disconnects_total",
            "Clients disconnected because their outbound queue overflowed.").register(registry);
    private final Counter loginTimeouts = Counter.build("netcat_login_timeouts_total",
            "Connections closed for not joining within the login timeout.").register(registry);
    private final Gauge historyWritable = Gauge.build("netcat_history_writable",
            "1 while appends to the history file succeed (in a cluster: while Redis answers), 0 after one failed"
                    + " (text is refused then).")
            .register(registry);
    private final Counter historyFailures = Counter.build("netcat_history_append_failures_total",
            "Appends to the history file that failed.").register(registry);
    private final Counter historyRotations = Counter.build("netcat_history_rotations_total",
            "Rotations of the live history file (--history-max-bytes).").register(registry);
    private final Gauge historyBytes = Gauge.build("netcat_history_bytes",
            "Size of the live history file in bytes.").register(registry);
    // --cluster only: registered when the node starts, so a single node's page is as before.
    private final Gauge clusterNode = Gauge.build("netcat_cluster_node_info",
            "Always 1 on a cluster node; its id (random, new at every start) as a label.").labelNames("node").create();
    private final Gauge clusterLag = Gauge.build("netcat_cluster_lag_entries",
            "Entries in the shared stream after the last one this node delivered (sampled every 5 s, at most 100000).")
            .create();
    private final Histogram historyFsync = Histogram.build("netcat_history_fsync_seconds",
                    "fsync of a history file (the lobby's or a room's): one per append under --fsync always, one per"
                            + " group commit under batch, none under never.")
            .buckets(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
            .register(registry);
    private final Histogram redisAppendLatency = Histogram.build("netcat_cluster_redis_append_latency_seconds",
                    "XADD of a pushed line to the shared stream, until Redis answered.")
            .buckets(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5)
            .create();
    private final Counter redisErrors = Counter.build("netcat_cluster_redis_errors_total",
            "Redis commands that failed: unreachable, timed out or refused.").create();
    private final Counter refusedConnections = Counter.build("netcat_refused_connections_total",
            "Connections accepted and closed at once for a limit of their address, by reason.")
            .labelNames("reason").register(registry);
    private final Counter tlsHandshakeFailures = Counter.build("netcat_tls_handshake_failures_total",
            "TLS handshakes that failed or timed out (plain text on the TLS port, old protocol, untrusted certificate).")
            .register(registry);
    private final Counter proxyHeaderRejections = Counter.build("netcat_proxy_header_rejections_total",
            "Connections closed for their PROXY protocol header: invalid (from a --proxy-from proxy: none, malformed,"
                    + " too long or too slow) or untrusted (a header from an address not in --proxy-from).")
            .labelNames("reason").register(registry);
    // TLS only: registered with the first certificate, so a server without TLS has no expiry to alert on.
    private final Gauge tlsCertificateExpiry = Gauge.build("netcat_tls_certificate_expiry_seconds",
            "When the certificate served on the TLS port expires (its notAfter), in seconds since the Unix epoch.")
            .create();
    private final AtomicBoolean tlsCertificateRegistered = new AtomicBoolean();
    // Owned names and operators (issue 18): counts only, never a name or a password.
    private final Counter wrongPasswords = Counter.build("netcat_wrong_passwords_total",
            "Wrong passwords given for registered names (each one was hashed and compared).").register(registry);
    private final Counter refusedGuesses = Counter.build("netcat_password_guesses_refused_total",
            "Passwords refused unchecked: too many wrong ones from the address or for the name.").register(registry);
    private final Counter savedAccounts = Counter.build("netcat_accounts_saved_total",
            "Names registered or passwords changed with pass.").register(registry);
    private final Counter moderation = Counter.build("netcat_moderation_actions_total",
            "Operators' actions that took effect, by action: kick, ban, mute, unmute, unban.")
            .labelNames("action").register(registry);

    private Optional<MetricsEndpoint> http = Optional.empty();
    /** Whether the chat port accepts connections; for /readyz. */
    private volatile boolean accepting;
    /** Whether the last append to the history worked; for /readyz (the gauge says the same to Prometheus). */
    private volatile boolean writable = true;
    /** A cluster node's: whether Redis answered its last lease renewal; for /readyz (and the same gauge). */
    private volatile boolean redisAnswers = true;

    /**
     * @param version        the build's version, for {@code netcat_build_info}
     * @param commit         the commit it was built from, for {@code netcat_build_info}: two snapshots differ by it
     * @param maxConnections the connection limit, for {@code netcat_max_connections} (alerts compare against it)
     */
    public PrometheusMetrics(String version, String commit, int maxConnections) {
        Gauge.build("netcat_build_info", "Always 1; the labels say which build is running.")
                .labelNames("version", "commit").register(registry).labels(version, commit).set(1);
        Gauge.build("netcat_max_connections", "The connection limit (--max-connections).")
                .register(registry).set(maxConnections);
        DefaultExports.register(registry);
        historyWritable.set(1);
        for (Problem problem : Problem.values()) {
            rejectedFrames.labels(problem.label()); // every reason shows, at 0, from the start
        }
        for (AddressLimits.Reason reason : AddressLimits.Reason.values()) {
            refusedConnections.labels(reason.label());
        }
        for (HeaderRejection reason : HeaderRejection.values()) {
            proxyHeaderRejections.labels(reason.label());
        }
        for (String action : MODERATION_ACTIONS) {
            moderation.labels(action);
        }
    }

    /**
     * Serves {@code /metrics}, {@code /healthz} and {@code /readyz} on this address (see {@link MetricsEndpoint});
     * returns the port it got.
     */
    public int serve(InetSocketAddress address) throws IOException {
        MetricsEndpoint endpoint = MetricsEndpoint.serve(address, registry, this::notReadyBecause);
        http = Optional.of(endpoint);
        return endpoint.port();
    }

    @Override
    public void close() {
        http.ifPresent(MetricsEndpoint::close);
    }

    /** Why {@code /readyz} says 503: not accepting (starting, or stopping), or the history cannot be written. */
    private Optional<String> notReadyBecause() {
        if (!accepting) {
            return Optional.of("not accepting connections");
        }
        if (!redisAnswers) {
            return Optional.of("Redis does not answer: nothing can be appended");
        }
        return writable ? Optional.empty() : Optional.of("the history cannot be written");
    }

    @Override
    public void accepting(boolean accepting) {
        this.accepting = accepting;
    }

    @Override
    public void connectionAdmitted() {
        activeConnections.inc();
        connections.inc();
    }

    @Override
    public void connectionClosed() {
        activeConnections.dec();
    }

    @Override
    public void connectionThreadStarted() {
        connectionThreads.inc();
    }

    @Override
    public void connectionThreadEnded() {
        connectionThreads.dec();
    }

    @Override
    public void joined() {
        joinedClients.inc();
    }

    @Override
    public void left() {
        joinedClients.dec();
    }

    @Override
    public void messageSent(long nanos) {
        messages.inc();
        broadcastLatency.observe(nanos / NANOS_PER_SECOND);
    }

    @Override
    public void messageDelivered(int receivers) {
        deliveries.inc(receivers);
    }

    @Override
    public void roomJoined() {
        roomJoins.inc();
    }

    @Override
    public void roomMessageSent() {
        roomMessages.inc();
    }

    @Override
    public void roomMessageDelivered(int receivers) {
        roomDeliveries.inc(receivers);
    }

    @Override
    public void privateMessageSent() {
        privateMessages.inc();
    }

    @Override
    public void roomsOpen(int rooms) {
        openRooms.set(rooms);
    }

    @Override
    public void frameRejected(Problem problem) {
        rejectedFrames.labels(problem.label()).inc();
    }

    @Override
    public void bytesReceived(long bytes) {
        receivedBytes.inc(bytes);
    }

    @Override
    public void bytesSent(long bytes) {
        sentBytes.inc(bytes);
    }

    @Override
    public void slowClientDisconnected() {
        slowClients.inc();
    }

    @Override
    public void loginTimedOut() {
        loginTimeouts.inc();
    }

    @Override
    public void historyWritable(boolean writable) {
        this.writable = writable;
        historyWritable.set(writable ? 1 : 0);
        if (!writable) {
            historyFailures.inc();
        }
    }

    @Override
    public void redisReachable(boolean reachable) {
        this.redisAnswers = reachable;
        historyWritable.set(reachable ? 1 : 0);
    }

    @Override
    public void connectionRefused(AddressLimits.Reason reason) {
        refusedConnections.labels(reason.label()).inc();
    }

    @Override
    public void proxyHeaderRejected(HeaderRejection reason) {
        proxyHeaderRejections.labels(reason.label()).inc();
    }

    @Override
    public void tlsHandshakeFailed() {
        tlsHandshakeFailures.inc();
    }

    @Override
    public void tlsCertificate(Instant notAfter) {
        tlsCertificateExpiry.set(notAfter.getEpochSecond()); // first: a scrape never sees an expiry of 0
        if (tlsCertificateRegistered.compareAndSet(false, true)) {
            tlsCertificateExpiry.register(registry);
        }
    }

    @Override
    public void historyRotated() {
        historyRotations.inc();
    }

    @Override
    public void historyBytes(long bytes) {
        historyBytes.set(bytes);
    }

    @Override
    public void clusterNode(String id) {
        clusterNode.register(registry);
        clusterLag.register(registry);
        redisAppendLatency.register(registry);
        redisErrors.register(registry);
        clusterNode.labels(id).set(1);
    }

    @Override
    public void clusterLag(long entries) {
        clusterLag.set(entries);
    }

    @Override
    public void historySynced(long nanos) {
        historyFsync.observe(nanos / NANOS_PER_SECOND);
    }

    @Override
    public void redisAppended(long nanos) {
        redisAppendLatency.observe(nanos / NANOS_PER_SECOND);
    }

    @Override
    public void redisFailed() {
        redisErrors.inc();
    }

    @Override
    public void wrongPassword() {
        wrongPasswords.inc();
    }

    @Override
    public void passwordGuessesRefused() {
        refusedGuesses.inc();
    }

    @Override
    public void accountSaved() {
        savedAccounts.inc();
    }

    @Override
    public void moderated(String action) {
        if (MODERATION_ACTIONS.contains(action)) {
            moderation.labels(action).inc();
        }
    }
}
