package org.netcatchat.server.connection;

import org.netcatchat.protocol.FrameParser;
import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.Reply;
import org.netcatchat.server.history.HistoryFile;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.DurableAck;
import org.netcatchat.server.outbox.HistorySlice;
import org.netcatchat.server.outbox.Outbox;
import org.netcatchat.server.room.Member;
import org.netcatchat.server.room.Room;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.TimeUnit;

/**
 * One admitted client, from greeting to close: a reader and a writer, each on a virtual thread of its own,
 * forked into one {@link StructuredTaskScope} so that the first of them to finish ends the other.
 *
 * <pre>
 *   socket ──► reader ──► FrameParser ──► Session ──► Room ──► every member's Outbox
 *   socket ◄── writer ◄── this connection's Outbox (lines, replies, history slices)
 * </pre>
 *
 * Thread-safe where it needs to be: {@link #run} runs once, on the thread the listener forks for it;
 * {@link #closeWith} and {@link #abort} may be called from any thread.
 */
public final class Connection {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    /** Small on purpose: an idle connection holds it for as long as it lives. */
    private static final int READ_BUFFER_BYTES = 1024;
    /** How long a leaving client's last replies may take to go out before its socket is closed anyway. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final byte[] ACK = Reply.ACK.encode();
    private static final byte[] NOT_DURABLE = new Reply.Error(Problem.HISTORY_UNAVAILABLE,
            "history unavailable: the message was sent but may not survive a power loss").encode();

    private final long id;
    private final Socket socket;
    private final Settings settings;
    private final Room room;
    private final HistoryFile history;
    private final ServerEvents events;
    private final Outbox outbox;
    private final Member member;
    private final Session session;
    private final CountDownLatch writerDone = new CountDownLatch(1);
    /** Why the reader stopped, so the writer that finishes after it reports the real reason. */
    private volatile Ending readerEnding = Ending.CLOSED_BY_SERVER;

    /** What every connection shares, from the server's options. */
    public record Settings(int maxLineBytes, Duration loginTimeout, double rateLimit, int rateBurst,
                           long maxQueueBytes, InstantSource clock) {
    }

    public Connection(long id, Socket socket, Settings settings, Room room, HistoryFile history, ServerEvents events) {
        this.id = id;
        this.socket = socket;
        this.settings = settings;
        this.room = room;
        this.history = history;
        this.events = events;
        this.outbox = new Outbox(settings.maxQueueBytes(), this::dropTooSlow);
        this.member = new Member(id, outbox);
        TokenBucket bucket = settings.rateLimit() > 0
                ? new TokenBucket(settings.rateLimit(), settings.rateBurst(), settings.clock())
                : TokenBucket.unlimited(settings.clock());
        this.session = new Session(member, room, bucket, events);
    }

    public long id() {
        return id;
    }

    /** Serves the client until it quits, goes away, or the server closes it. Never throws. */
    public void run() {
        events.connectionAdmitted();
        events.connectionThreadStarted();
        try (socket) {
            socket.setTcpNoDelay(true); // without it, Nagle plus delayed ACKs add ~40 ms to replies
            outbox.offer(Greeting.BYTES);
            // anySuccessfulResultOrThrow: reader and writer both return why they stopped, and the first one
            // to return cancels the other. Neither throws for a client's doing; a throw is a bug, logged below.
            try (var scope = StructuredTaskScope.open(Joiner.<Ending>anySuccessfulResultOrThrow(),
                    config -> config.withName("connection-" + id))) {
                scope.fork(this::read);
                scope.fork(this::write);
                Ending ending = scope.join();
                LOG.log(System.Logger.Level.INFO, "connection {0}{1}: closed, {2}", id, nameForLog(), ending);
            }
        } catch (InterruptedException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection {0}{1}: cancelled by the server", id, nameForLog());
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection {0}: {1}", id, e.toString());
        } catch (RuntimeException e) { // FailedException included: a reader or writer threw, which is a bug
            LOG.log(System.Logger.Level.ERROR, "connection " + id + nameForLog() + ": failed unexpectedly", e);
        } finally {
            room.leave(member);
            events.connectionThreadEnded();
            events.connectionClosed();
        }
    }

    /** Graceful close: sends {@code lastLine} after what is queued, then closes once it is written. */
    public void closeWith(byte[] lastLine) {
        outbox.offer(lastLine);
        outbox.close();
    }

    /** Forced close: the socket goes now, which ends a writer blocked on it. Safe from any thread, never blocks. */
    public void abort() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection {0}: close failed: {1}", id, e.toString());
        }
    }

    /**
     * The outbox overflowed, whatever filled it: broadcasts, or the client's own requests that it does not
     * read the answers to. Counted here because this runs exactly once per overflow; then as {@link #abort}.
     */
    private void dropTooSlow() {
        events.slowClientDisconnected();
        abort();
    }

    private Ending read() {
        events.connectionThreadStarted();
        Thread.currentThread().setName("conn-" + id + "-reader");
        try {
            readerEnding = readFrames();
        } catch (IOException e) {
            readerEnding = Ending.RESET;
        } finally {
            outbox.close();
            awaitWriter();
            events.connectionThreadEnded();
        }
        return readerEnding;
    }

    private Ending readFrames() throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        FrameParser parser = new FrameParser(settings.maxLineBytes());
        boolean[] quit = {false};
        long loginDeadline = System.nanoTime() + settings.loginTimeout().toNanos();
        boolean limited = !settings.loginTimeout().isZero();
        while (true) {
            if (limited) {
                if (session.joined()) {
                    socket.setSoTimeout(0);
                    limited = false;
                } else {
                    long left = TimeUnit.NANOSECONDS.toMillis(loginDeadline - System.nanoTime());
                    if (left <= 0) {
                        return loginTimedOut();
                    }
                    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                }
            }
            int count;
            try {
                count = in.read(buffer);
            } catch (SocketTimeoutException e) {
                continue; // the deadline is checked at the top
            }
            if (count < 0) {
                return parser.hasPartialLine() ? Ending.CLIENT_CLOSED_MID_FRAME : Ending.CLIENT_CLOSED;
            }
            events.bytesReceived(count);
            parser.feed(buffer, 0, count, frame -> {
                if (!quit[0]) {
                    quit[0] = !session.handle(frame);
                }
            });
            if (quit[0]) {
                return Ending.QUIT;
            }
        }
    }

    private Ending loginTimedOut() {
        events.loginTimedOut();
        outbox.offer(("Closing: no name within " + seconds(settings.loginTimeout())
                + " seconds. Send name<NAME> right after connecting.\n").getBytes(StandardCharsets.UTF_8));
        return Ending.LOGIN_TIMEOUT;
    }

    private Ending write() {
        events.connectionThreadStarted();
        Thread.currentThread().setName("conn-" + id + "-writer");
        try {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            List<Object> batch = new ArrayList<>();
            while (outbox.drainTo(batch)) {
                long bytes = 0;
                for (Object item : batch) {
                    bytes += switch (item) {
                        case byte[] line -> {
                            out.write(line);
                            yield line.length;
                        }
                        case HistorySlice slice -> history.copyTail(slice.end(), slice.lines(), out);
                        case DurableAck ack -> writeWhenDurable(ack, out);
                        default -> throw new IllegalStateException("unexpected outbox item " + item.getClass());
                    };
                }
                out.flush(); // once per batch, not per line
                batch.clear();
                events.bytesSent(bytes);
            }
            return outbox.isOverflowed() ? Ending.TOO_SLOW : readerEnding;
        } catch (IOException e) {
            return outbox.isOverflowed() ? Ending.TOO_SLOW : Ending.RESET;
        } catch (InterruptedException e) {
            return Ending.CLOSED_BY_SERVER; // cancelled because the reader finished first; the result is ignored
        } finally {
            writerDone.countDown();
            events.connectionThreadEnded();
        }
    }

    /** Group commit: the first of these in a batch fsyncs for all of them, and for every other connection's. */
    private int writeWhenDurable(DurableAck ack, OutputStream out) throws IOException {
        byte[] reply;
        try {
            history.syncTo(ack.position());
            reply = ACK;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "connection {0}: fsync of the history failed: {1}", id, e.toString());
            reply = NOT_DURABLE;
        }
        out.write(reply);
        return reply.length;
    }

    /** Lets the writer send what is queued (replies to the last commands), but not for ever. */
    private void awaitWriter() {
        try {
            if (!writerDone.await(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.DEBUG, "connection {0}: writer still busy after {1}, closing anyway", id, CLOSE_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 30 as "30", 500 ms as "0.5": the option as the operator wrote it, not rounded down to "0". */
    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private String nameForLog() {
        return session.joined() ? " (" + session.name() + ")" : "";
    }
}
