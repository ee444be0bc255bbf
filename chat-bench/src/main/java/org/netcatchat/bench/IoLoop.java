package org.netcatchat.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One platform thread with one selector, owning a slice of the fleet's connections: it reads them all, tracks
 * their streams, and sends for the senders among them. A few of these carry 10,000 idle connections with no
 * thread, and no buffer, per connection beyond a small carry for a split line.
 *
 * <p>Thread-safety: everything here is confined to the loop's thread, except {@link #submit} (any thread) and
 * the {@code published*} fields (written here once per iteration, read by the main thread while draining).
 */
final class IoLoop implements Runnable {
    /** Read at most this many buffers from one connection per wake-up, so one busy socket cannot starve the rest. */
    private static final int READS_PER_WAKEUP = 4;
    /** How often an idle loop wakes to publish its counts and run commands. */
    private static final long IDLE_SELECT_MILLIS = 20;

    private final Fleet fleet;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<Connection> connections = new ArrayList<>();
    private final List<Connection> senders = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final Payload.Reader payload;
    private final int messageBytes;
    final Tally tally = new Tally();

    private boolean running = true;
    private boolean sending;
    private long measureFrom = Long.MAX_VALUE;
    private long stopAt = Long.MAX_VALUE;
    private long pendingConfirmations;

    volatile long publishedExpected;
    volatile long publishedDistinct;
    volatile long publishedPending;
    volatile boolean publishedStopped;

    IoLoop(Fleet fleet) throws IOException {
        this.fleet = fleet;
        this.selector = Selector.open();
        this.payload = new Payload.Reader(fleet.tag);
        this.messageBytes = fleet.overhead + Payload.maxLength(fleet.options.payloadBytes());
    }

    /** Runs {@code command} on this loop's thread. */
    void submit(Runnable command) {
        commands.add(command);
        selector.wakeup();
    }

    void adopt(Connection c) {
        submit(() -> {
            try {
                c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
                connections.add(c);
                if (c.sender != null) {
                    senders.add(c);
                }
                c.inbound = c.dialect.inbound(new Events(c));
                c.dialect.writeHello(c.out(128), c.nick);
                c.flush();
            } catch (IOException e) {
                broken(c, e.toString());
            }
        });
    }

    /** Connection {@code c} sends the sync message that ends set-up, in its room. */
    void sendSync(Connection c) {
        submit(() -> {
            ByteBuffer out = c.out(messageBytes);
            c.dialect.writeMessageStart(out);
            Payload.writeSync(out, fleet.tag);
            c.dialect.writeMessageEnd(out);
            c.syncPending = true;
            c.pendingConfirmations++;
            pendingConfirmations++;
            flush(c);
        });
    }

    /** Opens sending: window senders fill their window now; rate senders start their schedules at {@code startAt}. */
    void start(long startAt, long measureFrom, long stopAt) {
        submit(() -> {
            this.measureFrom = measureFrom;
            this.stopAt = stopAt;
            this.sending = true;
            for (Connection c : senders) {
                Sender s = c.sender;
                s.nextDue = startAt + s.interval * s.id / Math.max(1, fleet.options.senders());
                sendWhatIsDue(c, System.nanoTime());
                flush(c);
            }
        });
    }

    void closeAll() {
        submit(() -> {
            for (Connection c : connections) {
                if (!c.closed) {
                    try {
                        c.dialect.writeQuit(c.out(64));
                        c.flush();
                    } catch (IOException e) {
                        // the server is gone already: closing is all that is left
                    }
                    c.close();
                }
            }
            running = false;
        });
    }

    @Override
    public void run() {
        try {
            while (running) {
                long timeout = sending ? millisToNextDue() : IDLE_SELECT_MILLIS;
                if (timeout == 0) {
                    selector.selectNow(this::onKey);
                } else {
                    selector.select(this::onKey, timeout);
                }
                for (Runnable command; (command = commands.poll()) != null; ) {
                    command.run();
                }
                if (sending) {
                    long now = System.nanoTime();
                    if (fleet.options.rate() > 0) {
                        for (Connection c : senders) {
                            sendWhatIsDue(c, now);
                            flush(c);
                        }
                    }
                    if (now >= stopAt) {
                        sending = false;
                    }
                }
                publish();
            }
        } catch (IOException e) {
            fleet.problem("I/O loop failed: " + e);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
            try {
                selector.close();
            } catch (IOException e) {
                // the loop is over either way
            }
            publish();
        }
    }

    private void publish() {
        publishedExpected = tally.expected;
        publishedDistinct = tally.distinct;
        publishedPending = pendingConfirmations;
        publishedStopped = !sending && stopAt != Long.MAX_VALUE;
    }

    private long millisToNextDue() {
        if (fleet.options.rate() == 0) {
            return IDLE_SELECT_MILLIS;
        }
        long next = stopAt;
        for (Connection c : senders) {
            next = Math.min(next, c.sender.nextDue);
        }
        long wait = next - System.nanoTime();
        return wait <= 0 ? 0 : Math.max(1, Math.min(IDLE_SELECT_MILLIS, (wait + 999_999) / 1_000_000));
    }

    private void onKey(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            if (key.isReadable()) {
                read(c);
            }
            if (key.isValid() && key.isWritable()) {
                c.flush();
            }
        } catch (IOException e) {
            broken(c, e.toString());
        }
    }

    private void read(Connection c) throws IOException {
        for (int round = 0; round < READS_PER_WAKEUP && !c.closed; round++) {
            readBuffer.clear();
            int n = c.channel.read(readBuffer);
            if (n < 0) {
                broken(c, "closed by the server");
                return;
            }
            if (n == 0) {
                break;
            }
            c.inbound.feed(readBuffer.array(), 0, n, System.nanoTime());
            if (n < readBuffer.capacity()) {
                break;
            }
        }
        c.flush();
    }

    private void flush(Connection c) {
        try {
            c.flush();
        } catch (IOException e) {
            broken(c, e.toString());
        }
    }

    private void broken(Connection c, String why) {
        if (c.closed) {
            return;
        }
        c.close();
        tally.disconnects++;
        pendingConfirmations -= c.pendingConfirmations;
        c.pendingConfirmations = 0;
        fleet.problem("connection " + c.nick + ": " + why);
        if (!c.joined) {
            fleet.joinFailed(c);
        }
    }

    /** Sends what the window and the schedule allow now. */
    private void sendWhatIsDue(Connection c, long now) {
        if (!sending || c.closed || now >= stopAt) {
            return;
        }
        Sender s = c.sender;
        int window = fleet.options.window();
        if (s.interval == 0) {
            while (s.unconfirmed < window) {
                compose(c, System.nanoTime());
            }
            return;
        }
        while (s.nextDue <= now && s.nextDue < stopAt && (window == 0 || s.unconfirmed < window)) {
            long composed = System.nanoTime();
            Tally.record(tally.scheduleLag, composed - s.nextDue);
            compose(c, composed);
            s.nextDue += s.interval;
        }
    }

    private void compose(Connection c, long nanos) {
        Sender s = c.sender;
        ByteBuffer out = c.out(messageBytes);
        c.dialect.writeMessageStart(out);
        Payload.writeMessage(out, fleet.tag, s.id, s.nextSeq, nanos, fleet.options.payloadBytes());
        c.dialect.writeMessageEnd(out);
        s.sent(nanos);
        c.pendingConfirmations++;
        pendingConfirmations++;
        tally.sent++;
        tally.expected += fleet.fanout;
        if (nanos >= measureFrom && nanos < stopAt) {
            tally.sentInWindow++;
        }
    }

    /** What one connection's dialect reports, applied on this loop. */
    private final class Events implements Inbound.Events {
        private final Connection c;

        Events(Connection c) {
            this.c = c;
        }

        @Override
        public void joined() {
            c.joined = true;
            fleet.joined(c);
        }

        @Override
        public void confirmed(long now) {
            if (c.pendingConfirmations == 0) {
                tally.malformed++;
                return;
            }
            c.pendingConfirmations--;
            pendingConfirmations--;
            if (c.syncPending) {
                c.syncPending = false;
                fleet.syncConfirmed();
                return;
            }
            if (c.sender == null) {
                tally.malformed++;
                return;
            }
            long composed = c.sender.confirmed();
            if (composed >= measureFrom && composed < stopAt) {
                Tally.record(tally.ackLatency, now - composed);
            }
            sendWhatIsDue(c, now);
        }

        @Override
        public void delivered(byte[] bytes, int from, int to, long now) {
            switch (payload.read(bytes, from, to)) {
                case FOREIGN -> tally.foreign++;
                case MALFORMED -> tally.malformed++;
                case SYNC -> {
                    if (!c.syncSeen) {
                        c.syncSeen = true;
                        fleet.syncSeen();
                    }
                }
                case MESSAGE -> message(now);
            }
        }

        private void message(long now) {
            int sender = payload.sender;
            // a sender of another room, or (IRC) this connection's own message: nothing the server should send
            if (sender >= c.streams.senders() || !fleet.rooms.together(sender, c.index)
                    || (sender == c.index && !fleet.dialect.echoesToSender())) {
                tally.malformed++;
                return;
            }
            if (!c.streams.accept(sender, payload.seq).isNew()) {
                return;
            }
            tally.distinct++;
            if (now >= measureFrom && now < stopAt) {
                tally.deliveriesInWindow++;
            }
            if (payload.nanos >= measureFrom && payload.nanos < stopAt) {
                Tally.record(tally.latency, now - payload.nanos);
            }
        }

        @Override
        public void failed(String reason) {
            if (!c.joined) {
                fleet.problem("connection " + c.nick + ": " + reason);
                c.close();
                fleet.joinFailed(c);
                return;
            }
            tally.errors++;
            fleet.problem("connection " + c.nick + ": " + reason);
        }

        @Override
        public void answer(byte[] bytes) {
            c.out(bytes.length).put(bytes);
        }
    }
}
