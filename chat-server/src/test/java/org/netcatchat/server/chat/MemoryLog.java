package org.netcatchat.server.chat;

import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A log shaped like a cluster's stream, in memory: an append returns at once, and a follower thread of its own
 * hands the entries back later, in order, as the stream's follower does. Positions are 1, 2, 3... Others read on
 * after a stop (as a stream's other nodes do). {@link #settle} waits until everything appended has been handed
 * back; {@link #failAppends} makes appends fail, as a Redis outage does. Thread-safe.
 */
final class MemoryLog implements Log {
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(10);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** An entry as appended: its line rendered once, at the append. */
    private record Appended(byte[] line, Kind kind, java.util.OptionalLong member) {
    }

    /** Guarded by lock. */
    private final List<Appended> entries = new ArrayList<>();
    /** Guarded by lock: how many entries have been handed back. */
    private int handedBack;
    /** Guarded by lock. */
    private boolean failing;
    /** Guarded by lock. */
    private boolean closed;
    /** Guarded by lock: while true, appends are stored but throw NotConfirmed (Redis ran the XADD, no answer came). */
    private boolean unconfirmed;
    /** Guarded by lock: while true, nothing is handed back (a follower that lags). */
    private boolean held;
    private Thread follower;

    @Override
    public void start(Reader reader) {
        follower = Thread.ofVirtual().name("memory-log-follower").start(() -> follow(reader));
    }

    private void follow(Reader reader) {
        while (true) {
            Appended next;
            int position;
            lock.lock();
            try {
                while ((handedBack == entries.size() || held) && !closed) {
                    changed.awaitUninterruptibly();
                }
                if (handedBack == entries.size()) {
                    return;
                }
                next = entries.get(handedBack);
                position = handedBack + 1;
            } finally {
                lock.unlock();
            }
            reader.deliver(new Delivered(position, new Outgoing.Line(next.line()), next.kind(), next.member()));
            lock.lock();
            try {
                handedBack++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public long append(Entry entry) throws IOException {
        lock.lock();
        try {
            if (failing) {
                throw new IOException("the memory log refuses appends");
            }
            entries.add(new Appended(entry.render(), entry.kind(), entry.member()));
            changed.signalAll();
            if (unconfirmed) {
                throw new NotConfirmed("the memory log stored it and does not say so", new IOException("no answer"));
            }
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** While held, entries are appended but not handed back, as when a stream's follower lags behind. */
    void hold(boolean hold) {
        lock.lock();
        try {
            held = hold;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many entries have been appended. */
    int appended() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** While set, each append is stored (and handed back as usual) but throws {@link NotConfirmed}. */
    void unconfirmAppends(boolean unconfirm) {
        lock.lock();
        try {
            unconfirmed = unconfirm;
        } finally {
            lock.unlock();
        }
    }

    void failAppends(boolean fail) {
        lock.lock();
        try {
            failing = fail;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every entry appended so far (and every one appended while handing them back) is handed back. */
    void settle() {
        long deadline = System.nanoTime() + SETTLE_WAIT.toNanos();
        lock.lock();
        try {
            while (handedBack < entries.size()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the memory log did not hand back its entries within " + SETTLE_WAIT);
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            lock.unlock();
        }
    }

    /** Every line appended, in order. */
    List<String> lines() {
        lock.lock();
        try {
            return entries.stream().map(entry -> new String(entry.line(), java.nio.charset.StandardCharsets.UTF_8)).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean syncsLater() {
        return false;
    }

    @Override
    public void syncTo(long position) {
    }

    @Override
    public long delivered() {
        lock.lock();
        try {
            return handedBack;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long copyTail(long end, int lines, OutputStream out) throws IOException {
        List<Appended> tail;
        lock.lock();
        try {
            int last = (int) Math.min(end, entries.size());
            tail = List.copyOf(entries.subList((int) Math.max(0, last - (long) lines), last));
        } finally {
            lock.unlock();
        }
        long written = 0;
        for (Appended entry : tail) {
            out.write(entry.line());
            written += entry.line().length;
        }
        return written;
    }

    @Override
    public boolean outlivesThisServer() {
        return true;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (follower != null) {
            try {
                follower.join(SETTLE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
