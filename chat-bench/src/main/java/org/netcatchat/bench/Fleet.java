package org.netcatchat.bench;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The client connections of one run and the I/O loops that carry them, through the phases of a run: connect
 * and join, sync, send, drain, close. Driven by one thread (the caller of {@link Bench}); the loops report
 * back through the latches and counters here, which are thread-safe.
 */
final class Fleet implements AutoCloseable {
    private static final int MAX_PROBLEMS_KEPT = 20;

    final BenchOptions options;
    final Dialect dialect;
    final RoomPlan rooms;
    final byte[] tag;
    /** Receivers of one message: the fan-out in a room, the same in every room. */
    final int fanout;
    /** The most bytes a message takes beyond its payload, in any room. */
    final int overhead;

    /** The dialect of each room, by room number. */
    private final List<Dialect> roomDialects;
    private final List<IoLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final Semaphore joinSlots;
    private final CountDownLatch settled;
    private final CountDownLatch syncSeen;
    private final CountDownLatch syncConfirmed;
    private final AtomicInteger joinFailures = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicLong problemCount = new AtomicLong();

    Fleet(BenchOptions options) throws IOException {
        this.options = options;
        this.dialect = options.dialect();
        this.rooms = options.rooms();
        this.roomDialects = rooms.dialects(dialect);
        this.tag = Payload.newTag(RandomGenerator.getDefault());
        this.fanout = dialect.fanout(options.membersPerRoom());
        this.overhead = roomDialects.stream().mapToInt(Dialect::overhead).max().orElseThrow();
        this.joinSlots = new Semaphore(options.inflightJoins());
        this.settled = new CountDownLatch(options.connections());
        // one sync message in every room, seen by each of its receivers
        this.syncSeen = new CountDownLatch(rooms.rooms() * fanout);
        this.syncConfirmed = new CountDownLatch(rooms.rooms());
        for (int i = 0; i < options.ioThreads(); i++) {
            IoLoop loop = new IoLoop(this);
            loops.add(loop);
            Thread thread = new Thread(loop, "bench-io-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * Connects and joins every connection, at most {@code inflightJoins} at a time, then has the first member of
     * every room (connection r is in room r) send the sync message there and waits until every receiver has seen
     * its room's: everything the joins pushed (notices, NAMES, replays) was sent before it, so after it the
     * connections are quiet. Returns false, with problems recorded, if anything failed or the set-up timeout
     * passed.
     */
    boolean connectAndSync() throws InterruptedException {
        long deadline = System.nanoTime() + options.setupTimeout().toNanos();
        for (int i = 0; i < options.connections(); i++) {
            if (!joinSlots.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS)) {
                problem("set-up timed out after " + i + " connections had started to join");
                return false;
            }
            if (joinFailures.get() > 0) {
                return false;
            }
            Connection c;
            try {
                c = open(i);
            } catch (IOException e) {
                problem("connection " + i + " could not connect to " + options.targetOf(i) + ": " + e.getMessage());
                return false;
            }
            connections.add(c);
            loops.get(i % loops.size()).adopt(c);
        }
        if (!settled.await(remaining(deadline), TimeUnit.NANOSECONDS)) {
            problem("set-up timed out: " + settled.getCount() + " connections never joined");
            return false;
        }
        if (joinFailures.get() > 0) {
            return false;
        }
        for (int room = 0; room < rooms.rooms(); room++) {
            loops.get(room % loops.size()).sendSync(connections.get(room));
        }
        if (!syncSeen.await(remaining(deadline), TimeUnit.NANOSECONDS)
                || !syncConfirmed.await(remaining(deadline), TimeUnit.NANOSECONDS)) {
            problem("set-up timed out: " + syncSeen.getCount() + " receivers never saw the sync message");
            return false;
        }
        return true;
    }

    private Connection open(int index) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(options.targetOf(index), (int) options.setupTimeout().toMillis());
            channel.configureBlocking(false);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        boolean sends = index < options.senders();
        long interval = sends && options.rate() > 0
                ? Math.max(1, TimeUnit.SECONDS.toNanos(1) * options.senders() / options.rate()) : 0;
        Sender sender = sends ? new Sender(index, interval) : null;
        return new Connection(index, options.namePrefix() + index, roomDialects.get(rooms.roomOf(index)), channel,
                options.senders(), sender);
    }

    /** Opens sending on every loop. */
    void start(long startAt, long measureFrom, long stopAt) {
        for (IoLoop loop : loops) {
            loop.start(startAt, measureFrom, stopAt);
        }
    }

    /** Whether sending has stopped and every message sent has been confirmed and reached every receiver. */
    boolean drained() {
        long expected = 0;
        long distinct = 0;
        for (IoLoop loop : loops) {
            if (!loop.publishedStopped || loop.publishedPending != 0) {
                return false;
            }
            expected += loop.publishedExpected;
            distinct += loop.publishedDistinct;
        }
        return distinct >= expected;
    }

    /** Closes every connection, ends the loops and waits for them; afterwards their results are safe to read. */
    @Override
    public void close() {
        for (IoLoop loop : loops) {
            loop.closeAll();
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The merged counts of all loops. Call after {@link #close}. */
    Tally tally() {
        Tally total = new Tally();
        for (IoLoop loop : loops) {
            total.add(loop.tally);
        }
        return total;
    }

    /**
     * Lost, duplicated and out-of-order deliveries over every (receiver, sender) stream of a room. Call after
     * {@link #close}.
     */
    StreamOutcome streams() {
        int senders = options.senders();
        int[] sent = new int[senders];
        for (Connection c : connections) {
            if (c.sender != null) {
                sent[c.sender.id] = c.sender.nextSeq;
            }
        }
        long lost = 0;
        long duplicates = 0;
        long late = 0;
        long implausible = 0;
        for (Connection receiver : connections) {
            for (int s = 0; s < senders; s++) {
                if (rooms.together(s, receiver.index) && (s != receiver.index || dialect.echoesToSender())) {
                    lost += receiver.streams.lost(s, sent[s]);
                }
            }
            duplicates += receiver.streams.duplicates;
            late += receiver.streams.late;
            implausible += receiver.streams.implausible;
        }
        // a receiver that was never registered (set-up failed early) has no streams to count
        long neverConnected = (long) (options.connections() - connections.size()) * senders;
        return new StreamOutcome(lost, duplicates, late, implausible, neverConnected == 0);
    }

    /** Lost counts every message a receiver should have had and did not; late counts out-of-order arrivals. */
    record StreamOutcome(long lost, long duplicates, long outOfOrder, long implausible, boolean everyReceiverCounted) {
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    long problemCount() {
        return problemCount.get();
    }

    void problem(String what) {
        if (problemCount.incrementAndGet() <= MAX_PROBLEMS_KEPT) {
            problems.add(what);
        }
    }

    void joined(Connection c) {
        joinSlots.release();
        settled.countDown();
    }

    void joinFailed(Connection c) {
        joinFailures.incrementAndGet();
        joinSlots.release();
        settled.countDown();
    }

    void syncSeen() {
        syncSeen.countDown();
    }

    void syncConfirmed() {
        syncConfirmed.countDown();
    }

    int joinFailures() {
        return joinFailures.get();
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    static Duration sinceNanos(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
