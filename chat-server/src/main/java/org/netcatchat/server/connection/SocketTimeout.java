package org.netcatchat.server.connection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Durations as {@link java.net.Socket#setSoTimeout} takes them: whole milliseconds, where 0 means "for ever". A
 * timeout is rounded up, never down, so it can fire up to a millisecond late but never early. Stateless.
 */
final class SocketTimeout {
    private SocketTimeout() {
    }

    /** 0 (none) for a zero duration, else the duration rounded up to whole milliseconds. */
    static int of(Duration timeout) {
        return timeout.isZero() ? 0 : millisAtLeast(timeout.toNanos());
    }

    /** Nanoseconds left: rounded up to whole milliseconds, at least 1 (0 would wait for ever), at most {@code Integer.MAX_VALUE}. */
    static int millisAtLeast(long nanos) {
        return (int) Math.clamp(Math.ceilDiv(nanos, TimeUnit.MILLISECONDS.toNanos(1)), 1, Integer.MAX_VALUE);
    }
}
