package org.netcatchat.server.connection;

import org.netcatchat.server.logging.Units;
import org.netcatchat.protocol.FrameParser;
import org.netcatchat.server.accounts.SignIn;
import org.netcatchat.server.address.Budget;
import org.netcatchat.server.moderation.Moderation;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.Outbox;
import org.netcatchat.server.outbox.Outgoing;
import org.netcatchat.server.chat.Chat;
import org.netcatchat.server.chat.Member;
import org.netcatchat.server.proxy.HeaderRejection;
import org.netcatchat.server.proxy.ProxyHeaderParser;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One admitted client, from greeting to close. The connection's own virtual thread (forked by the listener into
 * the server's {@link java.util.concurrent.StructuredTaskScope}) reads; what is queued for the client is sent by
 * a virtual thread that exists only while there is something to send.
 *
 * <pre>
 *   socket ──► reader ──► FrameParser ──► Session ──► Chat ──► Log ──► every member's Outbox
 *   socket ◄── sender ◄── this connection's Outbox (lines, replies, history slices, durable ACKs)
 * </pre>
 *
 * Why the sender comes and goes: a parked thread costs a few KiB of heap (its stack chunk) for as long as it
 * waits, and waking it costs a hand-off per line. So the offer that fills an empty outbox starts a sender, which
 * writes everything queued, in batches, until nothing is left, and ends; an idle connection holds one parked
 * thread (its reader), not two. The sender is not a subtask of a scope because only a scope's owner may fork
 * into it, and a sender is started by whoever offers (another client's reader, broadcasting); it is confined all
 * the same: {@link #run} does not return before the outbox has {@linkplain Outbox.Owner#finished finished}, and
 * nothing starts a sender after that.
 *
 * The two ends stop each other without interrupts: when the reader stops it closes the outbox, so what is queued
 * is sent and then the socket closed; when sending ends first (the server closes the connection, or the socket
 * breaks) the socket is closed, so a blocked read fails at once.
 *
 * Thread-safe where it needs to be: {@link #run} runs once, on the thread the listener forks for it;
 * {@link #closeWith} and {@link #abort} may be called from any thread.
 *
 * <p>Past 300 lines because reader, sender and their two-way stop are one lifecycle: each end closes the other,
 * and the order of those steps is easier to check in one file than across two.
 */
public final class Connection {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    /**
     * How long a leaving client's sender may make no progress at all before its socket is closed anyway. Its
     * last replies (a 9 MB {@code hist}, say) go out for as long as it keeps reading them; this only bounds a
     * client that stopped reading. No option: the only cost of the wait is one slot for a few seconds, and a
     * server stop is bounded by {@code --shutdown-timeout} whatever this is.
     */
    static final Duration STALL_GRACE = Duration.ofSeconds(2);
    /**
     * The kernel's send buffer for each connection, fixed instead of autotuned (up to 4 MiB on Linux). Progress is
     * seen when a blocked write returns, which Linux allows once about a third of the buffer has drained: with 4 MiB
     * a client reading at 100 kB/s showed none for 13 s, and a leaving client's 7 MB {@code hist} was cut at ~4 MB
     * by the stall grace. Linux doubles the value asked for, so 64 KiB gives 128 KiB: a write returns every ~43 kB
     * taken, and a client reading faster than ~22 kB/s always shows progress within {@link #STALL_GRACE}. It also
     * bounds what 10,000 slow connections can pin in kernel memory. The cost, a window of 128 KiB per round trip
     * (1.3 MB/s per client at 100 ms), is far above what a chat sends one client.
     */
    static final int SEND_BUFFER_BYTES = 64 * 1024;

    private final long id;
    private final Socket socket;
    private final Settings settings;
    private final Chat chat;
    private final ServerEvents events;
    private final Outbox outbox;
    private final Member member;
    private final Session session;
    private final Moderation moderation;
    private final Budget budget;
    /** Counted down when the outbox has finished: everything sent (or dropped) and no sender left. */
    private final CountDownLatch sendingFinished = new CountDownLatch(1);
    /** The socket's output, counting what the kernel has taken; set by {@link #run} before anything is sent. */
    private volatile ProgressStream output;
    /** Used by one sender at a time: the outbox lets only one run. Set by {@link #run} before anything is sent. */
    private volatile BatchWriter writer;
    /** Why the connection ended, as whichever of reader and sender stopped first saw it. */
    private final AtomicReference<Ending> firstEnding = new AtomicReference<>();

    /** What every connection shares, from the server's options. */
    public record Settings(int maxLineBytes, Duration loginTimeout, long maxQueueBytes, Duration idleTimeout,
                           Greeting greeting) {
    }

    /**
     * @param budget what this connection may spend of its address's limits; the listener closes it
     * @param peer   how log lines name the client: its address and port (behind a proxy, the ones the header gave)
     * @param signIn the owned names: what a {@code name} must prove, and {@code pass}
     * @param moderation the operators' commands, and the bans (checked here at connect) and mutes they leave
     */
    public Connection(long id, Socket socket, Settings settings, Budget budget, String peer, Chat chat,
                      SignIn signIn, Moderation moderation, ServerEvents events) {
        this.id = id;
        this.socket = socket;
        this.settings = settings;
        this.chat = chat;
        this.events = events;
        this.outbox = new Outbox(settings.maxQueueBytes(), new Sending());
        this.member = new Member(id, peer, java.util.Optional.of(budget.address()), outbox);
        this.moderation = moderation;
        this.budget = budget;
        this.session = new Session(member, chat, budget, signIn,
                socket instanceof javax.net.ssl.SSLSocket ? SignIn.Transport.TLS : SignIn.Transport.PLAIN, moderation);
    }

    public long id() {
        return id;
    }

    /** Serves the client until it quits, goes away, or the server closes it. Never throws. */
    public void run() {
        events.connectionAdmitted();
        events.connectionThreadStarted();
        Thread.currentThread().setName("conn-" + id + "-reader");
        try (socket) {
            socket.setTcpNoDelay(true); // without it, Nagle plus delayed ACKs add ~40 ms to replies
            Keepalive.enable(socket);
            socket.setSendBufferSize(SEND_BUFFER_BYTES);
            output = new ProgressStream(socket.getOutputStream());
            writer = new BatchWriter(member.label(), output, chat.replies());
            java.util.Optional<byte[]> banned = moderation.refusalAtConnect(budget.address());
            if (banned.isPresent()) { // one line instead of the greeting, as for the limits per address
                outbox.offer(banned.get());
                outbox.close();
                send();
                LOG.log(System.Logger.Level.INFO, "{0}: refused, its address {1} is banned", who(), budget.address());
                return;
            }
            outbox.offer(settings.greeting().bytes());
            send(); // the outbox is this thread's until its first drain: the greeting goes out without a sender thread
            read();
            LOG.log(System.Logger.Level.INFO, "{0}: closed, {1}", who(), firstEnding.get());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1}", who(), e.toString());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, who() + ": failed unexpectedly", e);
        } catch (Error e) {
            LOG.log(System.Logger.Level.ERROR, who() + ": failed unexpectedly", e);
            throw e; // logged here, where the connection is known; the gauges still fall in the finally
        } finally {
            leaveAndCount();
        }
    }

    /**
     * The last steps of {@link #run}, each on its own: a chat that throws while telling the others (a bug)
     * is logged, and the gauges are right whatever happened before them.
     */
    private void leaveAndCount() {
        try {
            chat.leave(member);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, who() + ": leaving the chat failed", e);
        } catch (Error e) {
            LOG.log(System.Logger.Level.ERROR, who() + ": leaving the chat failed", e);
            throw e;
        } finally {
            try {
                events.connectionThreadEnded();
            } finally {
                events.connectionClosed();
            }
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
            LOG.log(System.Logger.Level.DEBUG, "{0}: close failed: {1}", who(), e.toString());
        }
    }

    /**
     * The outbox overflowed, whatever filled it: broadcasts, or the client's own requests that it does not
     * read the answers to. Counted here because this runs exactly once per overflow; then as {@link #abort}.
     */
    private void dropTooSlow() {
        events.slowClientDisconnected();
        firstEnding.compareAndSet(null, Ending.TOO_SLOW);
        abort();
    }

    /** Reads frames until the client quits or goes, then lets the sender finish what is queued. */
    private void read() {
        try {
            Ending ending = readFrames();
            if (ending == Ending.QUIT || ending == Ending.CLIENT_CLOSED) {
                chat.awaitOwnLines(member); // what it is owed includes its own last lines (a cluster delivers them late)
            }
            if (ending == Ending.QUIT) {
                chat.quit(member); // before the close: once the client reads it, its name is free
            }
            firstEnding.compareAndSet(null, ending);
        } catch (IOException e) {
            firstEnding.compareAndSet(null, Ending.RESET); // or sending closed the socket: then it was first
        } finally {
            outbox.close();
            awaitSendingFinished();
        }
    }

    private Ending readFrames() throws IOException {
        InputStream in = socket.getInputStream();
        ReadBuffer buffer = new ReadBuffer();
        FrameParser parser = new FrameParser(settings.maxLineBytes());
        boolean[] quit = {false};
        LoginDeadline loginDeadline = LoginDeadline.startingNow(settings.loginTimeout());
        boolean idleTimeoutSet = false;
        boolean firstRead = true;
        while (true) {
            if (session.joined()) {
                if (!idleTimeoutSet) { // once, at the join: every read then waits at most this long
                    socket.setSoTimeout(SocketTimeout.of(settings.idleTimeout()));
                    idleTimeoutSet = true;
                }
            } else if (loginDeadline.limited()) {
                if (loginDeadline.passed()) {
                    return loginTimedOut();
                }
                socket.setSoTimeout(loginDeadline.readTimeoutMillis());
            }
            int count;
            try {
                count = in.read(buffer.bytes());
            } catch (SocketTimeoutException e) {
                if (idleTimeoutSet) {
                    return idleTimedOut();
                }
                continue; // the login deadline is checked at the top
            }
            if (count < 0) {
                return parser.hasPartialLine() ? Ending.CLIENT_CLOSED_MID_FRAME : Ending.CLIENT_CLOSED;
            }
            events.bytesReceived(count);
            if (firstRead && ProxyHeaderParser.looksLikeHeader(buffer.bytes(), count)) {
                return untrustedProxyHeader();
            }
            firstRead = false;
            parser.feed(buffer.bytes(), 0, count, frame -> {
                if (!quit[0]) {
                    quit[0] = !session.handle(frame);
                }
            });
            if (quit[0]) {
                return Ending.QUIT;
            }
            buffer.read(count); // after the parser is done with this read's bytes
        }
    }

    /**
     * The first bytes are a PROXY protocol header, from an address not in {@code --proxy-from} (or a second one
     * behind a trusted proxy's): it is not believed, and the connection is closed without a word, since a proxy
     * reads nothing a client should and a prober learns nothing. Seen when the header arrives in the
     * connection's first read, as a proxy sends it; split over reads, it is only a command the chat does not know.
     */
    private Ending untrustedProxyHeader() {
        events.proxyHeaderRejected(HeaderRejection.UNTRUSTED); // and logged as the connection's ending
        return Ending.UNTRUSTED_PROXY_HEADER;
    }

    private Ending loginTimedOut() {
        events.loginTimedOut();
        outbox.offer(("Closing: no name within " + Units.secondsInWords(settings.loginTimeout())
                + ". Send name followed by your name right after connecting, e.g. name alice.\n")
                .getBytes(StandardCharsets.UTF_8));
        return Ending.LOGIN_TIMEOUT;
    }

    private Ending idleTimedOut() {
        outbox.offer(("Closing: nothing received for " + Units.secondsInWords(settings.idleTimeout())
                + ". Reconnect to chat again.\n").getBytes(StandardCharsets.UTF_8));
        return Ending.IDLE_TIMEOUT;
    }

    /**
     * Sends what is queued, batch by batch, until nothing is left: one sender's turn. On a broken socket the rest
     * is dropped and the socket closed, so the reader stops too.
     */
    private void send() {
        List<Outgoing> batch = new ArrayList<>();
        try {
            while (outbox.drainTo(batch)) {
                events.bytesSent(writer.write(batch));
                batch.clear();
            }
        } catch (IOException e) {
            firstEnding.compareAndSet(null, outbox.isOverflowed() ? Ending.TOO_SLOW : Ending.RESET);
            outbox.abandon();
        } catch (RuntimeException e) { // a bug: this connection ends, the server goes on
            LOG.log(System.Logger.Level.ERROR, who() + ": sending failed unexpectedly", e);
            outbox.abandon();
        } catch (Error e) {
            LOG.log(System.Logger.Level.ERROR, who() + ": sending failed unexpectedly", e);
            outbox.abandon();
            throw e;
        }
    }

    /** A sender's turn on a virtual thread of its own: see the class comment. */
    private void sendOnOwnThread() {
        events.connectionThreadStarted();
        try {
            send();
        } finally {
            events.connectionThreadEnded();
        }
    }

    /** What the outbox asks of this connection. */
    private final class Sending implements Outbox.Owner {
        @Override
        public void startSending() {
            try {
                Thread.ofVirtual().name("conn-" + id + "-sender").start(Connection.this::sendOnOwnThread);
            } catch (OutOfMemoryError | RuntimeException e) {
                // No thread for it (no memory): this client is cut, but the broadcaster that offered goes on.
                LOG.log(System.Logger.Level.ERROR, who() + ": could not start sending", e);
                firstEnding.compareAndSet(null, Ending.RESET);
                outbox.abandon();
            }
        }

        @Override
        public void overflowed() {
            dropTooSlow();
        }

        /** Everything sent: the server closed us (or we are leaving anyway), so the reader must stop too. */
        @Override
        public void finished() {
            firstEnding.compareAndSet(null, Ending.CLOSED_BY_SERVER);
            sendingFinished.countDown();
            abort(); // a reader still blocked on the socket fails now
        }
    }

    /**
     * Lets the sender send what is queued (replies to the last commands, however large) for as long as it makes
     * progress, but not for ever: a client that stopped reading would otherwise keep its sender blocked, and
     * its slot taken, indefinitely. Cut after between one and two {@link #STALL_GRACE}s without a byte taken.
     */
    private void awaitSendingFinished() {
        try {
            long seen = output.written();
            while (!sendingFinished.await(STALL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                long now = output.written();
                if (now == seen) {
                    LOG.log(System.Logger.Level.DEBUG, "{0}: sending made no progress for {1}, closing anyway",
                            who(), STALL_GRACE);
                    abort();
                    return;
                }
                seen = now;
            }
        } catch (InterruptedException e) {
            abort();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code connection 7 from 203.0.113.7:53122 (alice)}: the start of every log line about this connection. */
    private String who() {
        return member.label() + chat.nameOf(member).map(name -> " (" + name.display() + ")").orElse("");
    }
}
