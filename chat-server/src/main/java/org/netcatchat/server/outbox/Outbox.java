package org.netcatchat.server.outbox;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What is waiting to be written to one client: a bounded queue filled by anyone (broadcasts, replies) and
 * sent by one sender at a time, which exists only while there is something to send.
 *
 * <p>Sending on demand: the offer that puts the first item into an idle outbox asks its {@link Owner} to
 * {@linkplain Owner#startSending start a sender}; that sender calls {@link #drainTo} until it returns false,
 * which it does once nothing is left, and from then on the next offer starts a new one. An idle connection so
 * holds no sending thread at all, and a burst costs one thread start, not one wake-up per line. A new outbox
 * belongs to the thread that made it until its first {@code drainTo} returns false: the connection sends its
 * greeting on its own thread, and nothing queued before the connection runs starts a sender early.
 *
 * <p>Offering never blocks. A client that lets more than {@code maxBytes} pile up is not waited for: the
 * queue is emptied, marked {@link Offer#OVERFLOWED}, and the owner told, so one slow reader cannot slow the
 * room down or hold unbounded memory. A broadcast line is one {@link Outgoing.Line} shared by every outbox it
 * is queued to: the queue holds references, and must never write into them.
 *
 * <p>Thread-safe. {@link #lock} is a leaf lock: the owner's callbacks run after it is released.
 */
public final class Outbox {
    /** The outcome of an offer. */
    public enum Offer { QUEUED, OVERFLOWED, CLOSED }

    private enum State { OPEN, CLOSING, OVERFLOWED }

    /** What an outbox asks of the connection it belongs to. None of these may block: they may run under the chat's lock. */
    public interface Owner {
        /** The first item arrived at an idle outbox: start one sender, which calls {@link #drainTo} until it returns false. */
        void startSending();

        /** The queue overflowed and was dropped; runs once, on the offering thread. */
        void overflowed();

        /** Closed or overflowed, nothing left to send and no sender running: runs once, on whichever thread got it there. */
        void finished();
    }

    /**
     * What a queued slice or durable ACK is counted as: no line, but an object of about this size on the
     * heap. Counting it keeps a client that floods {@code hist} without reading within the limit too.
     */
    static final int QUEUED_OBJECT_BYTES = 32;

    /**
     * An {@link ArrayDeque} never gives back what it grew: a member that had a thousand join notices queued at once
     * in a join storm would keep that array (about 1 kB) for as long as it stays, idle (issue 21). So when a sender's
     * turn ends with more than this many queued at some point of it, the queue is replaced by a small one. Under a
     * steady load a turn rarely queues that many, so this allocates rarely.
     */
    static final int TRIM_ABOVE = 64;

    private final long maxBytes;
    private final Owner owner;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock. Replaced by a small one when a sender's turn ends after a burst ({@link #TRIM_ABOVE}). */
    private ArrayDeque<Outgoing> items = new ArrayDeque<>(4);
    /** Guarded by lock. The most items queued at once since {@link #items} was last replaced. */
    private int peak;
    /** Guarded by lock. */
    private long queuedBytes;
    /** Guarded by lock. */
    private State state = State.OPEN;
    /** Guarded by lock. A sender is running (or starting): it owns sending until {@link #drainTo} returns false. */
    private boolean sending = true;
    /** Guarded by lock. */
    private boolean finished;

    public Outbox(long maxBytes, Owner owner) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
        this.owner = owner;
    }

    /**
     * An outbox whose caller drains it itself (in-memory tests of the chat, benchmarks): no sender is started, and
     * {@code onOverflow} runs when it overflows.
     */
    public static Outbox drainedByCaller(long maxBytes, Runnable onOverflow) {
        return new Outbox(maxBytes, new Owner() {
            @Override
            public void startSending() {
            }

            @Override
            public void overflowed() {
                onOverflow.run();
            }

            @Override
            public void finished() {
            }
        });
    }

    /** A line of this connection's own (a reply, a greeting). */
    public Offer offer(byte[] bytes) {
        return offer(new Outgoing.Line(bytes));
    }

    /** A line, possibly shared with other outboxes (a broadcast): it is queued as it is, not copied. */
    public Offer offer(Outgoing.Line line) {
        return add(line, line.bytes().length);
    }

    /** Any item: a line as {@link #offer(Outgoing.Line)}, a slice or durable ACK as the object it is. */
    public Offer offer(Outgoing item) {
        return switch (item) {
            case Outgoing.Line line -> offer(line);
            case HistorySlice slice -> offer(slice);
            case DurableAck ack -> offer(ack);
        };
    }

    public Offer offer(HistorySlice slice) {
        return add(slice, QUEUED_OBJECT_BYTES);
    }

    public Offer offer(DurableAck ack) {
        return add(ack, QUEUED_OBJECT_BYTES);
    }

    /** No more offers; what is queued is still sent, then the owner is told it has {@link Owner#finished}. */
    public void close() {
        change(() -> {
            if (state == State.OPEN) {
                state = State.CLOSING;
            }
        });
    }

    /**
     * The sender could not send (the socket broke): drops what is queued, refuses further offers, and ends the
     * sender's turn. Called by the sender instead of {@link #drainTo}.
     */
    public void abandon() {
        change(() -> {
            if (state == State.OPEN) {
                state = State.CLOSING;
            }
            items.clear();
            queuedBytes = 0;
            sending = false;
        });
    }

    /**
     * For the sender: moves everything queued to {@code batch}, so it can be sent with one write.
     *
     * @return false when nothing is left (or the outbox overflowed): the sender's turn is over, and it must not
     *         touch the socket again; the next offer starts a new one
     */
    public boolean drainTo(List<? super Outgoing> batch) {
        boolean nowFinished;
        lock.lock();
        try {
            if (state != State.OVERFLOWED && !items.isEmpty()) {
                batch.addAll(items);
                items.clear();
                queuedBytes = 0;
                return true;
            }
            sending = false;
            if (peak > TRIM_ABOVE) {
                items = new ArrayDeque<>(4);
            }
            peak = 0;
            nowFinished = finishIfIdle();
        } finally {
            lock.unlock();
        }
        if (nowFinished) {
            owner.finished();
        }
        return false;
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
        boolean start = false;
        boolean overflowedNow = false;
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
                peak = Math.max(peak, items.size());
                queuedBytes += bytes;
                start = !sending;
                sending = true;
            } else {
                state = State.OVERFLOWED;
                items.clear();
                queuedBytes = 0;
                overflowedNow = true;
            }
        } finally {
            lock.unlock();
        }
        if (start) {
            owner.startSending(); // outside our lock, which stays a leaf
        }
        if (overflowedNow) {
            overflowOnce();
            return Offer.OVERFLOWED;
        }
        return Offer.QUEUED;
    }

    /** Tells the owner, once: this thread made the transition (only one offer can), so it tells. */
    private void overflowOnce() {
        owner.overflowed();
        change(() -> {
        });
    }

    /** Makes {@code change} under the lock, then tells the owner if that left the outbox finished. */
    private void change(Runnable change) {
        boolean nowFinished;
        lock.lock();
        try {
            change.run();
            nowFinished = finishIfIdle();
        } finally {
            lock.unlock();
        }
        if (nowFinished) {
            owner.finished();
        }
    }

    /** Guarded by lock: @return true the one time the outbox is closed, empty and without a sender. */
    private boolean finishIfIdle() {
        if (state == State.OPEN || sending || finished) {
            return false;
        }
        finished = true;
        return true;
    }
}
