package org.netcatchat.server;

import org.netcatchat.server.logging.Units;
import org.netcatchat.server.address.AddressLimits;
import org.netcatchat.server.address.AddressLimits.Admission;
import org.netcatchat.server.address.Budget;
import org.netcatchat.server.address.RefusalThrottle;
import org.netcatchat.server.connection.Connection;
import org.netcatchat.server.connection.PeerAddress;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.chat.Chat;
import org.netcatchat.server.proxy.HeaderRejection;
import org.netcatchat.server.proxy.ProxyHeaderReader;
import org.netcatchat.server.proxy.TrustedProxies;
import org.netcatchat.server.tls.ServerTls;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Accepts connections and owns the scope they run in. Its thread is the scope's owner: it accepts, forks
 * one virtual thread per connection, and at the end runs the named phases of a graceful stop.
 *
 * <p>Each accepted socket is first checked against the limits of its address: a refused one gives its slot back
 * at once and is sent one line and closed on a short-lived thread of its own (never more than
 * {@link #MAX_REFUSALS_IN_FLIGHT} at once). On the TLS port, the handshake runs on the connection's own thread,
 * bounded by the handshake timeout, so a slow handshake never holds up accepting.
 *
 * <p>A socket from a trusted proxy ({@code --proxy-from}) is checked only once its PROXY header has named the
 * client: the header is read on a thread of its own (bounded in bytes and time by {@link ProxyHeaderReader}), which
 * then admits or refuses by the client's address, and serves or refuses the connection itself. The slot is held
 * while the header is read, so at most {@code --max-connections} headers are read at once.
 *
 * <p>Past 300 lines because admitting, serving and refusing are one path entered from two places (the accept
 * loop, and a proxied connection's own thread), and every way out of it must give the slot back exactly once:
 * that is easier to check in one file.
 *
 * <ol>
 *   <li><b>stop accepting</b>: {@link #stop} closes the listening ports and the slots;</li>
 *   <li><b>announce</b>: the chat closes and every connection gets "server is shutting down" as its last line;</li>
 *   <li><b>drain</b>: writers send what is queued, up to the shutdown timeout;</li>
 *   <li><b>force</b>: sockets still open are closed;</li>
 *   <li><b>join</b>: the scope waits for every connection thread to end.</li>
 * </ol>
 */
final class Listener {
    private static final System.Logger LOG = System.getLogger(Listener.class.getName());
    /** Pause after a failed accept (out of file descriptors, say) so the loop does not spin on it. */
    private static final Duration ACCEPT_BACKOFF = Duration.ofMillis(100);
    /** Refusals being written at once; past it a refused socket is closed without its line. */
    private static final int MAX_REFUSALS_IN_FLIGHT = 64;
    /** How long a refused client has to read its line (on the TLS port, its alert). */
    private static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(2);
    /** Bytes of a refused client's early input that are read and dropped, so closing does not reset the line away. */
    private static final int REFUSAL_DRAIN_BYTES = 64 * 1024;

    /**
     * Makes the connection that serves an admitted socket; {@code budget} is its share of its address's limits,
     * {@code peer} how log lines name the client ({@code 203.0.113.7:53122}, or {@code ... via 127.0.0.1:40212}).
     */
    interface Connections {
        Connection create(long id, Socket socket, Budget budget, String peer);
    }

    private final Ports ports;
    private final Slots slots;
    private final AddressLimits limits;
    private final RefusalThrottle refusalLog;
    private final Optional<ServerTls> tls;
    private final TrustedProxies proxies;
    private final ProxyHeaderReader headerReader;
    private final Chat chat;
    private final Duration shutdownTimeout;
    private final ServerEvents events;
    private final Connections connections;
    private final AtomicInteger refusalsInFlight = new AtomicInteger();
    private final Map<Long, Connection> live = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private long nextId = 1;

    Listener(Ports ports, Slots slots, AddressLimits limits, RefusalThrottle refusalLog, Optional<ServerTls> tls,
             TrustedProxies proxies, ProxyHeaderReader headerReader,
             Chat chat, Duration shutdownTimeout, ServerEvents events, Connections connections) {
        this.ports = ports;
        this.slots = slots;
        this.limits = limits;
        this.refusalLog = refusalLog;
        this.tls = tls;
        this.proxies = proxies;
        this.headerReader = headerReader;
        this.chat = chat;
        this.shutdownTimeout = shutdownTimeout;
        this.events = events;
        this.connections = connections;
    }

    /** Runs until {@link #stop}, then stops gracefully. Call once, on the thread that is to own the scope. */
    void run() {
        // awaitAll: connections fail and finish on their own and must not cancel each other, and it keeps
        // no finished subtask, so a scope that lives for days does not grow with every connection it served.
        try (var scope = StructuredTaskScope.open(Joiner.<Void>awaitAll(),
                config -> config.withName("connections").withThreadFactory(Thread.ofVirtual().name("conn-", 1).factory()))) {
            events.accepting(true);
            acceptUntilStopped(scope);
            announceAndDrain();
            scope.join();
        } catch (InterruptedException e) {
            LOG.log(System.Logger.Level.WARNING, "listener interrupted while waiting for connections to end");
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /** Phase 1, from any thread: stop accepting. {@link #run} then does the rest. */
    void stop() {
        stopping = true;
        events.accepting(false);
        slots.close();
        ports.close();
    }

    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    int liveConnections() {
        return live.size();
    }

    private void acceptUntilStopped(StructuredTaskScope<Void, Void> scope) {
        while (slots.acquire()) {
            Ports.Accepted accepted;
            try {
                accepted = ports.accept();
            } catch (IOException e) {
                slots.release();
                if (stopping) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "accept failed: {0}", e.toString());
                pause();
                continue;
            }
            long id = nextId++;
            refusalLog.overdue().forEach(report -> LOG.log(System.Logger.Level.INFO,
                    "connections from {0}: {1}", report.address(), report.summary()));
            Socket socket = accepted.socket();
            if (proxies.trusts(socket.getInetAddress())) {
                startProxied(scope, id, accepted);
            } else {
                admit(id, accepted, socket.getInetAddress(), PeerAddress.of(socket), task -> scope.fork(task));
            }
        }
    }

    /**
     * Admits a socket by {@code address} and serves it, or refuses it. {@code run} runs what the connection then
     * needs on a thread of its own: a fork into the scope from the accept loop, or the calling thread itself when
     * that is already the connection's (behind a proxy).
     */
    private void admit(long id, Ports.Accepted accepted, InetAddress address, String peer, Consumer<Runnable> run) {
        Admission admission;
        try {
            admission = limits.admit(address);
        } catch (RuntimeException e) {
            slots.release();
            closeQuietly(accepted.socket());
            LOG.log(System.Logger.Level.ERROR, "connection " + id + " from " + peer + ": could not check its address", e);
            return;
        }
        switch (admission) {
            case Admission.Admitted admitted -> start(run, id, accepted, admitted.budget(), peer);
            case Admission.Refused refused -> {
                slots.release();
                events.connectionRefused(refused.reason());
                // A loop of refused connections is what the rate refuses: one line per address a minute at INFO,
                // with the count since the last one (RefusalThrottle); each refusal at DEBUG.
                Optional<RefusalThrottle.Report> report = refusalLog.refused(refused.address(), refused.reason());
                LOG.log(report.isPresent() ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
                        "connection {0} from {1}: refused, {2}{3}", id, peer,
                        refused.reason().label(), report.map(r -> "; " + r.summary()).orElse(""));
                refuse(run, id, accepted, refused, peer);
            }
        }
    }

    /**
     * A socket from a trusted proxy: on a thread of its own, its header is read, then it is admitted by the
     * client's address. No valid header in time and it is closed (and counted): a proxy that sends none is
     * misconfigured, and whatever it forwards must not be taken for the proxy's own connection.
     */
    private void startProxied(StructuredTaskScope<Void, Void> scope, long id, Ports.Accepted accepted) {
        Socket socket = accepted.socket();
        try {
            scope.fork(() -> {
                Thread.currentThread().setName("conn-" + id + "-proxy-header");
                InetSocketAddress client;
                try {
                    client = headerReader.read(socket);
                } catch (ProxyHeaderReader.InvalidHeader e) {
                    events.proxyHeaderRejected(HeaderRejection.INVALID);
                    LOG.log(System.Logger.Level.INFO, "connection {0} from proxy {1}: closed, {2}", id,
                            PeerAddress.of(socket), e.getMessage());
                    giveUp(socket);
                    return;
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "connection {0} from proxy {1}: reading its PROXY header: {2}",
                            id, PeerAddress.of(socket), e.toString());
                    giveUp(socket);
                    return;
                }
                if (stopping) {
                    giveUp(socket);
                    return;
                }
                // The proxy's own connection (v2 LOCAL, a health check) is named as one without a proxy.
                String peer = client.equals(socket.getRemoteSocketAddress()) ? PeerAddress.of(socket)
                        : PeerAddress.of(client) + " via " + PeerAddress.of(socket);
                admit(id, accepted, client.getAddress(), peer, Runnable::run);
            });
        } catch (RuntimeException | OutOfMemoryError e) {
            giveUp(socket);
            LOG.log(System.Logger.Level.ERROR, "connection " + id + " from proxy " + PeerAddress.of(socket) + ": could not be started", e);
        }
    }

    /** Closes a socket that was never admitted and gives back its slot. */
    private void giveUp(Socket socket) {
        closeQuietly(socket);
        slots.release();
    }

    private void start(Consumer<Runnable> run, long id, Ports.Accepted accepted, Budget budget, String peer) {
        Socket socket = accepted.socket();
        try {
            Socket served = switch (accepted.kind()) {
                case PLAIN -> socket;
                case TLS -> tls.orElseThrow().wrap(socket);
            };
            Connection connection = connections.create(id, served, budget, peer);
            live.put(id, connection);
            run.accept(() -> {
                try {
                    if (served instanceof SSLSocket secure && !handshake(id, secure, socket, peer)) {
                        return;
                    }
                    connection.run();
                } finally {
                    live.remove(id);
                    budget.close();
                    slots.release();
                }
            });
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // Could not even start serving it (no memory for a thread, say): give everything back.
            live.remove(id);
            budget.close();
            slots.release();
            closeQuietly(socket);
            LOG.log(System.Logger.Level.ERROR, "connection " + id + " from " + peer + ": could not be started", e);
        }
    }

    /** On the connection's thread: @return false when the handshake failed; the socket is closed then. */
    private boolean handshake(long id, SSLSocket secure, Socket plain, String peer) {
        try {
            tls.orElseThrow().handshake(secure, plain);
            return true;
        } catch (IOException e) {
            events.tlsHandshakeFailed();
            LOG.log(System.Logger.Level.INFO, "connection {0} from {1}: TLS handshake failed: {2}", id,
                    peer, e.getMessage());
            closeQuietly(plain);
            return false;
        }
    }

    /**
     * Sends the refusal line and closes, on a thread of its own so that a client that does not read cannot hold up
     * accepting. Its output is shut down first and its early input read and dropped for a moment: closing a
     * socket with unread input sends a reset, which can destroy the line before the client reads it.
     */
    private void refuse(Consumer<Runnable> run, long id, Ports.Accepted accepted, Admission.Refused refused,
                        String peer) {
        Socket socket = accepted.socket();
        if (refusalsInFlight.incrementAndGet() > MAX_REFUSALS_IN_FLIGHT) {
            refusalsInFlight.decrementAndGet();
            closeQuietly(socket);
            return;
        }
        try {
            run.accept(() -> {
                Thread.currentThread().setName("refusal-" + id);
                try (socket) {
                    socket.setSoTimeout((int) REFUSAL_TIMEOUT.toMillis());
                    // On the TLS port, no handshake: its signature is the costly part, and a refused client must
                    // not be able to make the server pay for one. It gets a plain TLS alert instead of its line.
                    socket.getOutputStream().write(switch (accepted.kind()) {
                        case PLAIN -> refused.line();
                        case TLS -> ServerTls.refusalAlert();
                    });
                    socket.shutdownOutput();
                    drain(socket.getInputStream());
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "connection {0} from {1}: refusal not delivered: {2}", id, peer, e.toString());
                } finally {
                    refusalsInFlight.decrementAndGet();
                }
            });
        } catch (RuntimeException | OutOfMemoryError e) {
            refusalsInFlight.decrementAndGet();
            closeQuietly(socket);
            LOG.log(System.Logger.Level.WARNING, "connection {0} from {1}: refusal not started: {2}", id, peer, e.toString());
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        int total = 0;
        int count;
        while (total < REFUSAL_DRAIN_BYTES && (count = in.read(buffer)) >= 0) {
            total += count;
        }
    }

    private void announceAndDrain() {
        byte[] notice = chat.close();
        LOG.log(System.Logger.Level.INFO, "stopping: told {0}, draining for up to {1}",
                Units.count(live.size(), "connection"), Units.seconds(shutdownTimeout));
        live.values().forEach(connection -> connection.closeWith(notice));
        if (!slots.awaitAllFree(shutdownTimeout)) {
            LOG.log(System.Logger.Level.WARNING, "stopping: {0} still open after {1}, closing them",
                    Units.count(live.size(), "connection"), Units.seconds(shutdownTimeout));
            live.values().forEach(Connection::abort);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a socket we could not serve: {0}", e.toString());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(ACCEPT_BACKOFF);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
