package org.netcatchat.server.outbox;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What is waiting to be written to one client: a bounded queue filled by anyone (broadcasts, replies) and
 * drained by the connection's one writer thread.
 *
 * <p>Offering never blocks. A client that lets more than {@code maxBytes} pile up is not waited for: the
 * queue is emptied, marked {@link Offer#OVERFLOWED}, and its writer ends, so one slow reader cannot slow
 * the room down or hold unbounded memory. A broadcast line is one {@link Outgoing.Line} shared by every
 * outbox it is queued to: the queue holds references, and must never write into them.
 *
 * <p>Thread-safe. {@link #lock} is a leaf lock: nothing else is taken while holding it.
 */
public final class Outbox {
    /** The outcome of an offer. */
    public enum Offer { QUEUED, OVERFLOWED, CLOSED }

    private enum State { OPEN, CLOSING, OVERFLOWED }

    /**
     * What a queued slice or durable ACK is counted as: no line, but an object of about this size on the
     * heap. Counting it keeps a client that floods {@code hist} without reading within the limit too.
     */
    static final int QUEUED_OBJECT_BYTES = 32;

    private final long maxBytes;
    private final Runnable onOverflow;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Guarded by lock. */
    private final ArrayDeque<Outgoing> items = new ArrayDeque<>(8);
    /** Guarded by lock. */
    private long queuedBytes;
    /** Guarded by lock. */
    private State state = State.OPEN;

    /**
     * @param onOverflow runs once, on the offering thread, when the queue overflows: the connection closes
     *                   its socket there, so a writer blocked on a client that stopped reading ends now rather
     *                   than whenever that client reads again. It must not block: it may run under the room lock.
     */
    public Outbox(long maxBytes, Runnable onOverflow) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
        this.onOverflow = onOverflow;
    }

    /** A line of this connection's own (a reply, a greeting). */
    public Offer offer(byte[] bytes) {
        return offer(new Outgoing.Line(bytes));
    }

    /** A line, possibly shared with other outboxes (a broadcast): it is queued as it is, not copied. */
    public Offer offer(Outgoing.Line line) {
        return add(line, line.bytes().length);
    }

    public Offer offer(HistorySlice slice) {
        return add(slice, QUEUED_OBJECT_BYTES);
    }

    public Offer offer(DurableAck ack) {
        return add(ack, QUEUED_OBJECT_BYTES);
    }

    /** No more offers; the writer still gets what is queued, then {@link #drainTo} reports the end. */
    public void close() {
        lock.lock();
        try {
            if (state == State.OPEN) {
                state = State.CLOSING;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for items and moves all of them to {@code batch}, so the writer can send them with one flush.
     *
     * @return false when the outbox is closed and empty, or overflowed: the writer is done
     * @throws InterruptedException when the connection is being torn down
     */
    public boolean drainTo(List<? super Outgoing> batch) throws InterruptedException {
        awaitItems();
        // Woken by the first line of a broadcast: let the broadcaster (and the other writers it woke) run
        // first, so the lines that follow it join this batch instead of waking us one by one. On an idle
        // server nothing else is runnable and this returns at once.
        Thread.yield();
        lock.lock();
        try {
            if (state == State.OVERFLOWED || items.isEmpty()) {
                return false;
            }
            batch.addAll(items);
            items.clear();
            queuedBytes = 0;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void awaitItems() throws InterruptedException {
        lock.lock();
        try {
            while (items.isEmpty() && state == State.OPEN) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    public boolean isOverflowed() {
        lock.lock();
        try {
            return state == State.OVERFLOWED;
        } finally {
            lock.unlock();
        }
    }

    private Offer add(Outgoing item, int bytes) {
        lock.lock();
        try {
            if (state == State.OVERFLOWED) {
                return Offer.OVERFLOWED;
            }
            if (state == State.CLOSING) {
                return Offer.CLOSED;
            }
            if (queuedBytes + bytes <= maxBytes) {
                items.addLast(item);
                queuedBytes += bytes;
                if (items.size() == 1) {
                    changed.signal(); // only the one writer ever waits, and only on an empty queue
                }
                return Offer.QUEUED;
            }
            state = State.OVERFLOWED;
            items.clear();
            queuedBytes = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onOverflow.run(); // once, on the transition, and outside our lock, which stays a leaf
        return Offer.OVERFLOWED;
    }
}
