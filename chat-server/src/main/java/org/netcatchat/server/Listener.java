package org.netcatchat.server;

import org.netcatchat.server.connection.Connection;
import org.netcatchat.server.room.Room;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.function.BiFunction;

/**
 * Accepts connections and owns the scope they run in. Its thread is the scope's owner: it accepts, forks
 * one virtual thread per connection, and at the end runs the named phases of a graceful stop.
 *
 * <ol>
 *   <li><b>stop accepting</b>: {@link #stop} closes the server socket and the slots;</li>
 *   <li><b>announce</b>: the room closes and every connection gets "server is shutting down" as its last line;</li>
 *   <li><b>drain</b>: writers send what is queued, up to the shutdown timeout;</li>
 *   <li><b>force</b>: sockets still open are closed;</li>
 *   <li><b>join</b>: the scope waits for every connection thread to end.</li>
 * </ol>
 */
final class Listener {
    private static final System.Logger LOG = System.getLogger(Listener.class.getName());
    /** Pause after a failed accept (out of file descriptors, say) so the loop does not spin on it. */
    private static final Duration ACCEPT_BACKOFF = Duration.ofMillis(100);

    private final ServerSocket serverSocket;
    private final Slots slots;
    private final Room room;
    private final Duration shutdownTimeout;
    private final BiFunction<Long, Socket, Connection> connections;
    private final Map<Long, Connection> live = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private long nextId = 1;

    Listener(ServerSocket serverSocket, Slots slots, Room room, Duration shutdownTimeout,
             BiFunction<Long, Socket, Connection> connections) {
        this.serverSocket = serverSocket;
        this.slots = slots;
        this.room = room;
        this.shutdownTimeout = shutdownTimeout;
        this.connections = connections;
    }

    /** Runs until {@link #stop}, then stops gracefully. Call once, on the thread that is to own the scope. */
    void run() {
        // awaitAll: connections fail and finish on their own and must not cancel each other, and it keeps
        // no finished subtask, so a scope that lives for days does not grow with every connection it served.
        try (var scope = StructuredTaskScope.open(Joiner.<Void>awaitAll(),
                config -> config.withName("connections").withThreadFactory(Thread.ofVirtual().name("conn-", 1).factory()))) {
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
        slots.close();
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the server socket: {0}", e.toString());
        }
    }

    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    int liveConnections() {
        return live.size();
    }

    private void acceptUntilStopped(StructuredTaskScope<Void, Void> scope) {
        while (slots.acquire()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
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
            try {
                Connection connection = connections.apply(id, socket);
                live.put(id, connection);
                scope.fork(() -> {
                    try {
                        connection.run();
                    } finally {
                        live.remove(id);
                        slots.release();
                    }
                });
            } catch (RuntimeException | OutOfMemoryError e) {
                // Could not even start serving it (no memory for a thread, say): give everything back.
                live.remove(id);
                slots.release();
                closeQuietly(socket);
                LOG.log(System.Logger.Level.ERROR, "connection " + id + ": could not be started", e);
            }
        }
    }

    private void announceAndDrain() {
        byte[] notice = room.close();
        LOG.log(System.Logger.Level.INFO, "stopping: told {0} connections, draining for up to {1} s",
                live.size(), shutdownTimeout.toMillis() / 1000.0);
        live.values().forEach(connection -> connection.closeWith(notice));
        if (!slots.awaitAllFree(shutdownTimeout)) {
            LOG.log(System.Logger.Level.WARNING, "stopping: {0} connections still open after {1} s, closing them",
                    live.size(), shutdownTimeout.toMillis() / 1000.0);
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
