package org.netcatchat.client.connection;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.CommandEncoder;
import org.netcatchat.protocol.ServerStream;

/**
 * One TCP connection to a chat server, and the seed's "message bus": commands go into a bounded queue that a
 * writer virtual thread drains to the socket, no faster than the server's rate limit ({@link Pace}), so
 * whoever sends never waits for the network; a reader virtual
 * thread turns the server's bytes into {@link Incoming}s for the listener.
 *
 * <pre>
 *   send(cmd) ──offer──► outbox (bounded) ──take──► client-writer ──bytes──► socket
 *                                                   │ expect(cmd)
 *   listener ◄─Incoming─ Conversation ◄─Event─ ServerStream ◄── client-reader ◄── socket
 * </pre>
 *
 * <p>Thread-safe. The listener is called on the reader thread only, one call at a time; it must not block
 * for long, since it holds up everything the server sends after. When the connection ends, for any reason,
 * {@link #closed()} completes exactly once and every answer still pending completes as
 * {@link Answer.Unanswered}.
 */
public final class Connection implements AutoCloseable {
    /** Far more than a person can type or paste before the network drains it; a script waits for room instead. */
    static final int QUEUE_CAPACITY = 1024;
    private static final int READ_BUFFER_BYTES = 8192;

    private final Socket socket;
    private final String peer;
    private final Pace pace;
    private final BlockingQueue<Outgoing> outbox = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final CompletableFuture<Closure> closed = new CompletableFuture<>();
    /** Why the connection ends; the first cause wins (a writer failure beats the reader's resulting error). */
    private final AtomicReference<Closure> cause = new AtomicReference<>();
    /** Where the connection is in its life; the one fact every thread consults. */
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    /** Written once by {@link #start} before {@link #state} leaves NEW, so reading it after seeing that is safe. */
    private Conversation conversation;
    /** Written once by {@link #start}, like {@link #conversation}. */
    private Thread writer;

    /**
     * A connection's life. Only {@code OPEN} accepts commands; the others answer them {@link Answer.Unanswered}
     * at once. It only moves forward, down this list (a state may be skipped).
     */
    enum State {
        /** Connected; {@link #start} not called yet. */
        NEW,
        /** Reader and writer running; commands accepted. */
        OPEN,
        /** {@code quit} is queued behind the commands before it. */
        QUITTING,
        /** The writer wrote {@code quit}: the server's close is expected, not a loss. */
        QUIT_WRITTEN,
        /** {@link #close} was called: the socket is closed, the reader is finishing. */
        CLOSING,
        /** Ended: {@link #closed()} is complete; whoever queues something now also drains the queue. */
        ENDED
    }

    private Connection(Socket socket, String peer, Pace pace) {
        this.socket = socket;
        this.peer = peer;
        this.pace = pace;
    }

    /**
     * Connects to {@code host:port} (see {@link Dialer}); nothing is read or written until {@link #start}.
     *
     * @throws CannotConnect with one line a person can read: unknown host, connection refused, ...
     */
    public static Connection open(String host, int port, Duration timeout) throws CannotConnect {
        return open(host, port, timeout, new Transport.Plain(), Pace.serverDefault());
    }

    /**
     * As {@link #open(String, int, Duration)}, carried by {@code transport} (with TLS, the handshake is done here),
     * sending no faster than {@code pace} allows.
     */
    public static Connection open(String host, int port, Duration timeout, Transport transport, Pace pace)
            throws CannotConnect {
        Socket socket = Transport.carry(transport, Dialer.dial(host, port, timeout), host, port,
                Math.toIntExact(timeout.toMillis()));
        return new Connection(socket, host + ":" + port, pace);
    }

    /** The server refused a frame as over its rate limit: later frames wait for a fresh token. */
    public void rateLimited() {
        pace.refused();
    }

    /** Starts the reader and writer threads. {@code listener} sees everything the server sends from now on. */
    public void start(Consumer<? super Incoming> listener) {
        if (state.get() != State.NEW) {
            throw new IllegalStateException("already started");
        }
        conversation = new Conversation(listener);
        InputStream in;
        OutputStream out;
        try {
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            finish(new Closure.Lost(describe(e)));
            return;
        }
        writer = Thread.ofVirtual().name("client-writer").unstarted(() -> writeLoop(out));
        if (!state.compareAndSet(State.NEW, State.OPEN)) {
            throw new IllegalStateException("already started, or closed before starting");
        }
        writer.start();
        Thread.ofVirtual().name("client-reader").start(() -> readLoop(in));
    }

    /** Queues {@code command} without waiting. If the queue is full or the connection is ending, it is not sent. */
    public CompletableFuture<Answer> send(Command command) {
        Outgoing outgoing = outgoing(command);
        if (state.get() != State.OPEN) {
            return unsent(outgoing, "the connection is closing");
        }
        if (!outbox.offer(outgoing)) {
            return unsent(outgoing, "too many lines are waiting for the network");
        }
        return queued(outgoing);
    }

    /** Queues {@code command}, waiting while the queue is full: for input that can wait, like a script's. */
    public CompletableFuture<Answer> sendWaitingForRoom(Command command) throws InterruptedException {
        Outgoing outgoing = outgoing(command);
        while (state.get() == State.OPEN) {
            if (outbox.offer(outgoing, 100, TimeUnit.MILLISECONDS)) {
                return queued(outgoing);
            }
        }
        return unsent(outgoing, "the connection is closing");
    }

    /** Completes once, when the connection has ended, with the reason. */
    public CompletableFuture<Closure> closed() {
        return closed;
    }

    /**
     * Leaves politely: queues {@code quit} behind what is already queued, waits up to {@code grace} for the
     * server to close the connection (so queued lines are delivered and their echoes shown), then closes.
     *
     * @return whether the server closed the connection within {@code grace}
     */
    public boolean quit(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        if (state.compareAndSet(State.OPEN, State.QUITTING)) {
            Outgoing quit = Outgoing.of(new Command.Quit());
            if (!outbox.offer(quit, grace.toNanos(), TimeUnit.NANOSECONDS)) {
                close();
                return false;
            }
        }
        try {
            closed.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return false;
        } finally {
            close();
        }
    }

    /** Closes at once; idempotent. Pending answers complete as unanswered. */
    @Override
    public void close() {
        cause.compareAndSet(null, new Closure.ClosedHere());
        State before = state.getAndUpdate(now -> now == State.ENDED ? now : State.CLOSING);
        closeQuietly(socket);
        if (before == State.NEW) {
            finish(cause.get()); // no reader will notice the close: finish here
        }
    }

    /** {@code host:port}, as the user typed it. */
    public String peer() {
        return peer;
    }

    private void writeLoop(OutputStream raw) {
        OutputStream out = new BufferedOutputStream(raw, READ_BUFFER_BYTES);
        Deque<Outgoing> batch = new ArrayDeque<>();
        try {
            while (true) {
                batch.add(outbox.take());
                outbox.drainTo(batch);
                Outgoing outgoing;
                while ((outgoing = batch.peek()) != null) {
                    if (outgoing.command() instanceof Command.Quit) {
                        batch.poll();
                        state.compareAndSet(State.QUITTING, State.QUIT_WRITTEN);
                        out.write(CommandEncoder.encode(outgoing.command()));
                        out.flush();
                        outgoing.answer().complete(Answer.OK);
                        return;
                    }
                    long wait;
                    while ((wait = pace.take()) > 0) {
                        out.flush(); // what is paced out so far goes now, not after the wait
                        TimeUnit.NANOSECONDS.sleep(wait); // interrupted when the connection ends
                    }
                    batch.poll(); // kept in the batch while waiting, so an end in between answers it
                    // Registered before it is written, so its reply cannot arrive first. From here on, the
                    // reader completes it (an answer, or abandon() when the connection ends).
                    conversation.expect(outgoing);
                    out.write(CommandEncoder.encode(outgoing.command()));
                }
                out.flush(); // once per drained batch, not once per line
            }
        } catch (InterruptedException e) {
            // closing: the reader finished
        } catch (IOException e) {
            cause.compareAndSet(null, new Closure.Lost(describe(e)));
            closeQuietly(socket); // wakes the reader, which finishes
        } finally {
            for (Outgoing unsent : batch) {
                unsent.answer().complete(new Answer.Unanswered("the connection is closing"));
            }
            failQueued();
        }
    }

    private void readLoop(InputStream in) {
        ServerStream stream = new ServerStream();
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        TlsRecord start = new TlsRecord();
        Closure closure;
        try {
            int count;
            while ((count = in.read(buffer)) != -1) {
                if (start.seen(buffer, count)) {
                    // Its bytes would print as garbage, and redialling would only get the same again.
                    finish(new Closure.NotChat("this looks like a TLS port: use --tls"));
                    return;
                }
                stream.feed(buffer, 0, count, conversation);
            }
            closure = state.get() == State.QUIT_WRITTEN ? new Closure.AfterQuit() : new Closure.ClosedByServer();
        } catch (IOException e) {
            closure = state.get() == State.QUIT_WRITTEN ? new Closure.AfterQuit() : new Closure.Lost(describe(e));
        } catch (RuntimeException | Error e) {
            closure = new Closure.Failed(e);
        }
        finish(closure);
    }

    /** If the connection finished while {@code outgoing} was being queued, nobody else will drain it. */
    private CompletableFuture<Answer> queued(Outgoing outgoing) {
        if (state.get() == State.ENDED) {
            failQueued();
        }
        return outgoing.answer();
    }

    private void finish(Closure closure) {
        cause.compareAndSet(null, closure);
        state.set(State.ENDED);
        closeQuietly(socket);
        Thread w = writer; // null when the connection never started: then nobody else reads these fields
        if (w != null) {
            w.interrupt();
        }
        Conversation c = conversation;
        if (c != null) {
            c.abandon("the connection ended");
        }
        failQueued();
        closed.complete(cause.get());
    }

    private void failQueued() {
        Outgoing outgoing;
        while ((outgoing = outbox.poll()) != null) {
            outgoing.answer().complete(new Answer.Unanswered("the connection is closing"));
        }
    }

    private static Outgoing outgoing(Command command) {
        Objects.requireNonNull(command, "command");
        if (command instanceof Command.Quit) {
            throw new IllegalArgumentException("use quit(grace) to leave");
        }
        return Outgoing.of(command);
    }

    private static CompletableFuture<Answer> unsent(Outgoing outgoing, String reason) {
        outgoing.answer().complete(new Answer.Unanswered(reason));
        return outgoing.answer();
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
