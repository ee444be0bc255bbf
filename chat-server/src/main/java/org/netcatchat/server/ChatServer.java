package org.netcatchat.server;

import org.netcatchat.server.accounts.Accounts;
import org.netcatchat.server.accounts.Guesses;
import org.netcatchat.server.accounts.RegisteredNames;
import org.netcatchat.server.accounts.SignIn;
import org.netcatchat.server.address.AddressLimits;
import org.netcatchat.server.address.RefusalThrottle;
import org.netcatchat.server.chat.Backend;
import org.netcatchat.server.chat.Chat;
import org.netcatchat.server.cluster.ClusterNode;
import org.netcatchat.server.connection.Connection;
import org.netcatchat.server.connection.Greeting;
import org.netcatchat.server.history.LocalBackend;
import org.netcatchat.server.metrics.PrometheusMetrics;
import org.netcatchat.server.moderation.Bans;
import org.netcatchat.server.moderation.Moderation;
import org.netcatchat.server.moderation.SharedMutes;
import org.netcatchat.server.proxy.ProxyHeaderReader;
import org.netcatchat.server.tls.ServerTls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running server: the chat over its backend (the history file, or with {@code --cluster} this node of a chat
 * shared through Redis), metrics, limits per address, TLS and listener, wired together.
 * {@link #start} binds everything before it returns, so a port in use, an unwritable file or an unreadable
 * certificate is reported at once; {@link #close} stops gracefully
 * (see {@link Listener} for the phases), then flushes the history and stops the metrics endpoint.
 */
public final class ChatServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChatServer.class.getName());
    /** Longest a TLS handshake may take (the login timeout, when shorter): a real client needs well under a second. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Longest a trusted proxy's PROXY header may take to arrive (the login timeout, when shorter): HAProxy sends it
     * with the connection's first bytes, so a few seconds is slack; it bounds how long a slot waits for a header.
     */
    private static final Duration PROXY_HEADER_TIMEOUT = Duration.ofSeconds(5);

    private final ServerOptions options;
    /** What the chat runs on: the history file, or this node of a cluster. */
    private final Backend backend;
    private final Chat chat;
    private final PrometheusMetrics metrics;
    private final Ports ports;
    private final Optional<ServerTls> tls;
    private final AddressLimits addressLimits;
    private final Listener listener;
    private final Thread listenerThread;
    private final Optional<Integer> metricsPort;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ChatServer(ServerOptions options, Backend backend, Chat chat, PrometheusMetrics metrics, Ports ports,
                       Optional<ServerTls> tls, Optional<Integer> metricsPort, Accounts accounts,
                       Moderation moderation, Clock clock) {
        this.options = options;
        this.backend = backend;
        this.chat = chat;
        this.metrics = metrics;
        this.ports = ports;
        this.tls = tls;
        this.metricsPort = metricsPort;
        this.addressLimits = new AddressLimits(options.addressLimits(), clock);
        Connection.Settings settings = new Connection.Settings(options.maxLineBytes(), options.loginTimeout(),
                options.maxQueueBytes(), options.idleTimeout(), Greeting.inZone(clock.getZone()));
        SignIn signIn = new SignIn(accounts, new Guesses(clock), options.passwords().cost(),
                options.passwords().tlsOnly(), metrics);
        this.listener = new Listener(ports, new Slots(options.maxConnections()), addressLimits,
                new RefusalThrottle(clock), tls, options.proxies(), new ProxyHeaderReader(proxyHeaderTimeout(options)), chat,
                options.shutdownTimeout(), metrics,
                (id, socket, budget, peer) -> new Connection(id, socket, settings, budget, peer, chat, signIn, moderation,
                        metrics));
        this.listenerThread = Thread.ofPlatform().name("listener").unstarted(listener::run);
    }

    /** Opens the history (or joins the cluster), binds the chat and metrics ports and starts accepting. */
    public static ChatServer start(ServerOptions options, Clock clock) throws IOException {
        PrometheusMetrics metrics = new PrometheusMetrics(BuildInfo.version(), BuildInfo.commit(), options.maxConnections());
        Node node;
        try {
            node = options.cluster().isPresent() ? nodeOfCluster(options.cluster().get(), options.maxLineBytes(), clock, metrics)
                    : new Node(LocalBackend.open(options.historyFile(), options.fsync(), options.maxLineBytes(),
                    options.historyMaxBytes(), options.historyKeep(), clock, metrics), Optional.empty());
        } catch (IOException | RuntimeException e) {
            metrics.close();
            throw e;
        }
        Chat chat = new Chat(node.backend(), options.rooms(), clock, metrics, options.replayLines());
        node.backend().start(chat);
        return listen(options, node, chat, metrics, clock);
    }

    /**
     * What the chat runs on, and, in a cluster, where the accounts, bans and mutes every node must see are kept
     * (a single server keeps its accounts and bans in files beside the history, opened in {@link #listen}).
     */
    private record Node(Backend backend, Optional<Shared> shared) {
    }

    /** A cluster's accounts, bans and mutes, all in Redis. */
    private record Shared(RegisteredNames accounts, Bans bans, SharedMutes mutes) {
    }

    /** {@code --cluster}: the only method that names the cluster package, so a single node never loads it. */
    private static Node nodeOfCluster(ServerOptions.Cluster cluster, int maxLineBytes, Clock clock,
                                      PrometheusMetrics metrics) throws IOException {
        ClusterNode node = ClusterNode.join(cluster, maxLineBytes, clock, metrics);
        return new Node(node, Optional.of(new Shared(node.accounts(), node.bans(), node.mutes())));
    }

    /**
     * Once the chat runs: TLS, the ports, {@code /metrics}, the listener. When any of it fails, what it opened is
     * closed, then the metrics, then the backend, and the failure is thrown.
     */
    private static ChatServer listen(ServerOptions options, Node node, Chat chat, PrometheusMetrics metrics,
                                     Clock clock) throws IOException {
        Backend backend = node.backend();
        Optional<ServerTls> tls = Optional.empty();
        Ports ports = null;
        try {
            if (options.tls().isPresent()) {
                ServerOptions.Tls files = options.tls().get();
                tls = Optional.of(ServerTls.load(files.certificate(), files.key(), handshakeTimeout(options), metrics, clock));
            }
            ports = Ports.open(options, backlog(options));
            Accounts accounts;
            Moderation moderation;
            if (node.shared().isPresent()) { // a cluster: what every node must see is in Redis
                Shared shared = node.shared().get();
                accounts = new Accounts(shared.accounts(), options.passwords().operators());
                accounts.logCounts();
                moderation = Moderation.ofCluster(shared.bans(), shared.mutes(), accounts, chat, backend.otherNodes(),
                        clock, metrics);
            } else {
                accounts = Accounts.open(options.accountsFile(), options.passwords().operators());
                moderation = Moderation.open(options.bansFile(), accounts, chat, clock, metrics);
            }
            if (!options.passwords().tlsOnly() && options.plain()) {
                // INFO once there is a password to protect; a server nobody registered on says it at DEBUG only.
                LOG.log(accounts.isEmpty() ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
                        "passwords are taken on the plain-text port too, where they cross the network in clear;"
                                + " --passwords-on-tls-only takes them on the TLS port only");
            }
            Optional<Integer> metricsPort = options.metricsPort() == 0 ? Optional.empty()
                    : Optional.of(metrics.serve(new InetSocketAddress(options.metricsBind(), options.metricsPort())));
            ChatServer server = new ChatServer(options, backend, chat, metrics, ports, tls, metricsPort, accounts,
                    moderation, clock);
            server.listenerThread.start();
            return server;
        } catch (IOException | RuntimeException e) {
            if (ports != null) {
                ports.close();
            }
            tls.ifPresent(ServerTls::close);
            metrics.close();
            backend.close();
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
                backend.reopen(); // a cluster node has no file to reopen
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
            chat.closeRooms();
            backend.close(); // after every member has left: in a cluster, their leave notices are in the stream
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "closing the history: {0}", e.toString());
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

    /** The PROXY header's (the login timeout, when shorter). */
    private static Duration proxyHeaderTimeout(ServerOptions options) {
        Duration login = options.loginTimeout();
        return login.isZero() || login.compareTo(PROXY_HEADER_TIMEOUT) > 0 ? PROXY_HEADER_TIMEOUT : login;
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
