package org.netcatchat.server;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection limit. The listener takes a slot before it calls {@code accept()}, so at the limit the
 * server stops accepting and new clients wait in the kernel's backlog; each connection gives its slot back
 * in exactly one {@code finally}. Unlike a semaphore, it can be closed to wake the listener at shutdown,
 * and waited on until every slot is back.
 *
 * <p>Thread-safe; {@link #lock} is a leaf lock.
 */
final class Slots {
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Guarded by lock. */
    private int free;
    /** Guarded by lock. */
    private boolean closed;

    Slots(int capacity) {
        this.capacity = capacity;
        this.free = capacity;
    }

    /** Waits for a free slot. @return false when closed: the listener stops. */
    boolean acquire() {
        lock.lock();
        try {
            while (free == 0 && !closed) {
                changed.awaitUninterruptibly();
            }
            if (closed) {
                return false;
            }
            free--;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            free++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return true when every slot came back within {@code timeout}: every connection has ended */
    boolean awaitAllFree(Duration timeout) {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (free < capacity) {
                if (left <= 0) {
                    return false;
                }
                try {
                    left = changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    int inUse() {
        lock.lock();
        try {
            return capacity - free;
        } finally {
            lock.unlock();
        }
    }

}
