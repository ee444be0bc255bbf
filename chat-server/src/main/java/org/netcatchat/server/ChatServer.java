package org.netcatchat.server;

import org.netcatchat.server.connection.Connection;
import org.netcatchat.server.history.HistoryFile;
import org.netcatchat.server.metrics.PrometheusMetrics;
import org.netcatchat.server.room.Room;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running server: history file, room, metrics and listener, wired together. {@link #start} binds everything
 * before it returns, so a port in use or an unwritable file is reported at once; {@link #close} stops gracefully
 * (see {@link Listener} for the phases), then flushes the history and stops the metrics endpoint.
 */
public final class ChatServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChatServer.class.getName());

    private final ServerOptions options;
    private final HistoryFile history;
    private final PrometheusMetrics metrics;
    private final ServerSocket serverSocket;
    private final Listener listener;
    private final Thread listenerThread;
    private final Optional<Integer> metricsPort;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ChatServer(ServerOptions options, HistoryFile history, PrometheusMetrics metrics, ServerSocket serverSocket,
                       Optional<Integer> metricsPort, Clock clock) {
        this.options = options;
        this.history = history;
        this.metrics = metrics;
        this.serverSocket = serverSocket;
        this.metricsPort = metricsPort;
        Room room = new Room(history, clock, metrics, options.replayLines());
        Connection.Settings settings = new Connection.Settings(options.maxLineBytes(), options.loginTimeout(),
                options.rateLimit(), options.rateBurst(), options.maxQueueBytes(), clock);
        this.listener = new Listener(serverSocket, new Slots(options.maxConnections()), room, options.shutdownTimeout(),
                (id, socket) -> new Connection(id, socket, settings, room, history, metrics));
        this.listenerThread = Thread.ofPlatform().name("listener").unstarted(listener::run);
    }

    /** Opens the history, binds the chat and metrics ports and starts accepting. */
    public static ChatServer start(ServerOptions options, Clock clock) throws IOException {
        HistoryFile history = HistoryFile.open(options.historyFile(), options.fsync(),
                HistoryFile.longestLine(options.maxLineBytes()), clock);
        PrometheusMetrics metrics = new PrometheusMetrics();
        ServerSocket serverSocket = null;
        try {
            serverSocket = new ServerSocket();
            serverSocket.setReuseAddress(true);
            serverSocket.bind(new InetSocketAddress(options.bind(), options.port()), backlog(options));
            Optional<Integer> metricsPort = options.metricsPort() == 0 ? Optional.empty()
                    : Optional.of(metrics.serve(new InetSocketAddress(options.metricsBind(), options.metricsPort())));
            ChatServer server = new ChatServer(options, history, metrics, serverSocket, metricsPort, clock);
            server.listenerThread.start();
            return server;
        } catch (IOException | RuntimeException e) {
            if (serverSocket != null) {
                serverSocket.close();
            }
            metrics.close();
            history.close();
            throw e;
        }
    }

    public int port() {
        return serverSocket.getLocalPort();
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
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "closing the history: {0}", e.toString());
        }
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

    /** Clients past the limit wait in the kernel's queue; room for a burst of them, within the kernel's own cap. */
    private static int backlog(ServerOptions options) {
        return Math.max(50, Math.min(4096, options.maxConnections()));
    }
}
