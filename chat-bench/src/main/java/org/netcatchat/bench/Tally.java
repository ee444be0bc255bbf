package org.netcatchat.bench;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * The counts and histograms of one I/O loop. Written only by that loop; merged by the main thread after the
 * loop has ended (Thread.join is the happens-before edge). Latencies are recorded in microseconds.
 */
final class Tally {
    /** Up to a minute, three significant digits: a latency above a minute is a broken run, not a number. */
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);

    final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
    final Histogram ackLatency = new Histogram(HIGHEST_MICROS, 3);
    final Histogram scheduleLag = new Histogram(HIGHEST_MICROS, 3);
    long sent;
    long sentInWindow;
    long expected;
    long distinct;
    long deliveriesInWindow;
    long foreign;
    long malformed;
    long errors;
    long disconnects;

    void add(Tally other) {
        latency.add(other.latency);
        ackLatency.add(other.ackLatency);
        scheduleLag.add(other.scheduleLag);
        sent += other.sent;
        sentInWindow += other.sentInWindow;
        expected += other.expected;
        distinct += other.distinct;
        deliveriesInWindow += other.deliveriesInWindow;
        foreign += other.foreign;
        malformed += other.malformed;
        errors += other.errors;
        disconnects += other.disconnects;
    }

    static void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1_000)));
    }
}
