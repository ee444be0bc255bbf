package org.netcatchat.server.connection;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The moment by which a connection must have sent its name, on a monotonic clock. A deadline may fire late by
 * under a millisecond (a socket timeout has a millisecond's grain), never early: the time left is rounded up, and
 * the deadline has passed only once the clock has reached it. (Truncating both once closed a connection
 * 0.4999 s into a 0.5 s login timeout.)
 *
 * Not thread-safe: the connection's reader alone uses it.
 */
final class LoginDeadline {
    private final LongSupplier nanoClock;
    /** In {@code nanoClock}'s units; meaningless when {@link #limited} is false. */
    private final long at;
    private final boolean limited;

    /** @param timeout zero means no deadline; @param nanoClock a monotonic clock in nanoseconds, such as {@link System#nanoTime} */
    LoginDeadline(Duration timeout, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.limited = !timeout.isZero();
        this.at = limited ? nanoClock.getAsLong() + timeout.toNanos() : 0;
    }

    static LoginDeadline startingNow(Duration timeout) {
        return new LoginDeadline(timeout, System::nanoTime);
    }

    /** False for a login timeout of zero: such a connection may wait for ever. */
    boolean limited() {
        return limited;
    }

    boolean passed() {
        return limited && nanoClock.getAsLong() - at >= 0;
    }

    /** How long the next read may wait: what is left, rounded up to whole milliseconds, at least 1; 0 (for ever) when unlimited. */
    int readTimeoutMillis() {
        return limited ? SocketTimeout.millisAtLeast(at - nanoClock.getAsLong()) : 0;
    }
}
