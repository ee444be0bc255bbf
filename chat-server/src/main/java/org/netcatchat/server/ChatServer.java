package org.netcatchat.server;

import org.netcatchat.server.address.AddressLimits;
import org.netcatchat.server.address.RefusalThrottle;
import org.netcatchat.server.cluster.ClusterNode;
import org.netcatchat.server.connection.Connection;
import org.netcatchat.server.connection.Greeting;
import org.netcatchat.server.history.History;
import org.netcatchat.server.history.HistoryFile;
import org.netcatchat.server.history.RotatingHistory;
import org.netcatchat.server.metrics.PrometheusMetrics;
import org.netcatchat.server.room.Chat;
import org.netcatchat.server.room.Room;
import org.netcatchat.server.tls.ServerTls;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running server: history file (or, with {@code --cluster}, this node of a chat shared through Redis), room,
 * metrics, limits per address, TLS and listener, wired together.
 * {@link #start} binds everything before it returns, so a port in use, an unwritable file or an unreadable
 * certificate is reported at once; {@link #close} stops gracefully
 * (see {@link Listener} for the phases), then flushes the history and stops the metrics endpoint.
 */
public final class ChatServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChatServer.class.getName());
    /** Longest a TLS handshake may take (the login timeout, when shorter): a real client needs well under a second. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final ServerOptions options;
    /** The history file; in a cluster the shared stream, read back for replays and {@code hist}. */
    private final History history;
    /** Empty on a single node: then nothing of the cluster package (or of Jedis) is ever loaded. */
    private final Optional<AutoCloseable> clusterNode;
    private final PrometheusMetrics metrics;
    private final Ports ports;
    private final Optional<ServerTls> tls;
    private final AddressLimits addressLimits;
    private final Listener listener;
    private final Thread listenerThread;
    private final Optional<Integer> metricsPort;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ChatServer(ServerOptions options, History history, Chat room, Optional<AutoCloseable> clusterNode,
                       PrometheusMetrics metrics, Ports ports, Optional<ServerTls> tls, Optional<Integer> metricsPort,
                       Clock clock) {
        this.options = options;
        this.history = history;
        this.clusterNode = clusterNode;
        this.metrics = metrics;
        this.ports = ports;
        this.tls = tls;
        this.metricsPort = metricsPort;
        this.addressLimits = new AddressLimits(options.addressLimits(), clock);
        Connection.Settings settings = new Connection.Settings(options.maxLineBytes(), options.loginTimeout(),
                options.maxQueueBytes(), options.idleTimeout(), Greeting.inZone(clock.getZone()));
        this.listener = new Listener(ports, new Slots(options.maxConnections()), addressLimits,
                new RefusalThrottle(clock), tls, room,
                options.shutdownTimeout(), metrics,
                (id, socket, budget) -> new Connection(id, socket, settings, budget, room, history, metrics));
        this.listenerThread = Thread.ofPlatform().name("listener").unstarted(listener::run);
    }

    /** Opens the history (or joins the cluster), binds the chat and metrics ports and starts accepting. */
    public static ChatServer start(ServerOptions options, Clock clock) throws IOException {
        if (options.cluster().isPresent()) {
            return startNodeOfCluster(options, clock);
        }
        HistoryFile live = HistoryFile.open(options.historyFile(), options.fsync(),
                HistoryFile.longestLine(options.maxLineBytes()), clock);
        PrometheusMetrics metrics = new PrometheusMetrics(BuildInfo.version(), BuildInfo.commit(), options.maxConnections());
        RotatingHistory history;
        try {
            history = RotatingHistory.over(live, options.historyMaxBytes(), options.historyKeep(), metrics);
        } catch (IOException | RuntimeException e) {
            metrics.close();
            live.close();
            throw e;
        }
        return listen(options, history, new Room(history, clock, metrics, options.replayLines()), Optional.empty(),
                metrics, clock, history::close);
    }

    /**
     * {@code --cluster}: no history file; the room and the history are this node's share of the Redis stream.
     * The only method that names the cluster package, so a single node never loads it.
     */
    private static ChatServer startNodeOfCluster(ServerOptions options, Clock clock) throws IOException {
        PrometheusMetrics metrics = new PrometheusMetrics(BuildInfo.version(), BuildInfo.commit(), options.maxConnections());
        ClusterNode node;
        try {
            node = ClusterNode.start(options.cluster().orElseThrow(), clock, metrics, options.replayLines());
        } catch (IOException | RuntimeException e) {
            metrics.close();
            throw e;
        }
        return listen(options, node.history(), node.chat(), Optional.<AutoCloseable>of(node), metrics, clock, node::close);
    }

    /**
     * What both kinds of start share once the chat exists: TLS, the ports, {@code /metrics}, the listener. When any
     * of it fails, what it opened is closed, then the metrics, then {@code chatResources} (the history, or the
     * cluster node), and the failure is thrown.
     */
    private static ChatServer listen(ServerOptions options, History history, Chat chat,
                                     Optional<AutoCloseable> clusterNode, PrometheusMetrics metrics, Clock clock,
                                     Closeable chatResources) throws IOException {
        Optional<ServerTls> tls = Optional.empty();
        Ports ports = null;
        try {
            if (options.tls().isPresent()) {
                ServerOptions.Tls files = options.tls().get();
                tls = Optional.of(ServerTls.load(files.certificate(), files.key(), handshakeTimeout(options), metrics, clock));
            }
            ports = Ports.open(options, backlog(options));
            Optional<Integer> metricsPort = options.metricsPort() == 0 ? Optional.empty()
                    : Optional.of(metrics.serve(new InetSocketAddress(options.metricsBind(), options.metricsPort())));
            ChatServer server = new ChatServer(options, history, chat, clusterNode, metrics, ports, tls, metricsPort,
                    clock);
            server.listenerThread.start();
            return server;
        } catch (IOException | RuntimeException e) {
            if (ports != null) {
                ports.close();
            }
            tls.ifPresent(ServerTls::close);
            metrics.close();
            chatResources.close();
            throw e;
        }
    }

    /** The plain-text port. @throws IllegalStateException under {@code --no-plain} */
    public int port() {
        return ports.port(Ports.Kind.PLAIN).orElseThrow(() -> new IllegalStateException("no plain-text port (--no-plain)"));
    }

    public Optional<Integer> plainPort() {
        return ports.port(Ports.Kind.PLAIN);
    }

    public Optional<Integer> tlsPort() {
        return ports.port(Ports.Kind.TLS);
    }

    /** Where the plain-text port listens, as bound (see {@link Ports#address}). */
    public Optional<InetSocketAddress> plainAddress() {
        return ports.address(Ports.Kind.PLAIN);
    }

    public Optional<InetSocketAddress> tlsAddress() {
        return ports.address(Ports.Kind.TLS);
    }

    /** Addresses whose limits are remembered now (see {@link AddressLimits#size}). */
    public int rememberedAddresses() {
        return addressLimits.size();
    }

    public Optional<Integer> metricsPort() {
        return metricsPort;
    }

    public ServerOptions options() {
        return options;
    }

    /** Connections admitted and not yet ended. */
    public int liveConnections() {
        return listener.liveConnections();
    }

    /**
     * SIGHUP: the history file is opened again if its path names another file now (an external logrotate moved
     * it). Returns at once: the check runs on a virtual thread of its own, as the caller is the signal thread.
     */
    public void reopenHistory() {
        Thread.ofVirtual().name("history-reopen").start(() -> {
            try {
                if (history instanceof RotatingHistory rotating) { // a cluster node has no file to reopen
                    rotating.reopen();
                }
            } catch (IOException e) {
                // During a stop the history is closed on purpose: nothing is wrong then.
                LOG.log(closed.get() ? System.Logger.Level.DEBUG : System.Logger.Level.ERROR,
                        "reopening the history on SIGHUP: {0}", e.toString());
            }
        });
    }

    /** Graceful stop; idempotent, and safe from any thread (a shutdown hook, a test). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        listener.stop();
        awaitStopped();
        try {
            history.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, "closing the history: {0}", e.toString());
        }
        try {
            if (clusterNode.isPresent()) {
                clusterNode.get().close(); // after every member has left: their leave notices are in the stream
            }
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, "leaving the cluster: {0}", e.toString());
        }
        tls.ifPresent(ServerTls::close);
        metrics.close();
        LOG.log(System.Logger.Level.INFO, "stopped");
    }

    /** Waits until the listener has run every phase of its stop. */
    public void awaitStopped() {
        try {
            listener.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean stopRequested() {
        return closed.get();
    }

    private static Duration handshakeTimeout(ServerOptions options) {
        Duration login = options.loginTimeout();
        return login.isZero() || login.compareTo(HANDSHAKE_TIMEOUT) > 0 ? HANDSHAKE_TIMEOUT : login;
    }

    /** Clients past the limit wait in the kernel's queue; room for a burst of them, within the kernel's own cap. */
    private static int backlog(ServerOptions options) {
        return Math.max(50, Math.min(4096, options.maxConnections()));
    }
}
