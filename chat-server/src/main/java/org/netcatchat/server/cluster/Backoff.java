package org.netcatchat.server.cluster;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The wait between two tries to reach Redis again, for a thread that holds a connection of its own (a follower,
 * the private mail's subscription): 100 ms, doubling to 5 s, back to 100 ms once a try succeeds; ended early by
 * a stop. One per thread: not thread-safe.
 */
final class Backoff {
    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(5);

    private final CountDownLatch stopped;
    private Duration next = FIRST;

    /** @param stopped counted down by a stop, which ends a wait at once */
    Backoff(CountDownLatch stopped) {
        this.stopped = stopped;
    }

    /** Redis answered: the next wait is the first one again. */
    void reset() {
        next = FIRST;
    }

    /** Waits the next wait, or until stopped. @return false when the wait was interrupted: the thread should end */
    boolean pause() {
        try {
            stopped.await(next.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(MAX) > 0 ? MAX : doubled;
        return true;
    }
}
