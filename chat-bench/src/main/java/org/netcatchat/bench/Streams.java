package org.netcatchat.bench;

import java.util.BitSet;

/**
 * What one receiver has seen of every sender's stream. Owned by the receiver's I/O loop; read by the
 * main thread only after that loop has ended.
 *
 * <p>Per (receiver, sender) stream it keeps the next sequence number it expects (highest seen + 1) and,
 * only once a gap has appeared, the set of numbers skipped so far. So a delivery is exactly one of:
 * in order, late (it fills a gap: out of order), or a duplicate. What is still missing at the end is lost.
 */
final class Streams {
    /** AHEAD skipped numbers that may still come (LATE, counted out of order) or never (lost). */
    enum Arrival { IN_ORDER, AHEAD, LATE, DUPLICATE, IMPLAUSIBLE;

        boolean isNew() {
            return this == IN_ORDER || this == AHEAD || this == LATE;
        }
    }

    /** A jump larger than this is a corrupt sequence number, not a gap worth a bitmap. */
    private static final int MAX_GAP = 10_000_000;

    private final int[] next;
    private final int[] distinct;
    private BitSet[] holes;
    long duplicates;
    long late;
    long implausible;

    Streams(int senders) {
        this.next = new int[senders];
        this.distinct = new int[senders];
    }

    Arrival accept(int sender, int seq) {
        int expected = next[sender];
        if (seq == expected) {
            next[sender] = seq + 1;
            distinct[sender]++;
            return Arrival.IN_ORDER;
        }
        if (seq > expected) {
            if (seq - expected > MAX_GAP) {
                implausible++;
                return Arrival.IMPLAUSIBLE;
            }
            holesOf(sender).set(expected, seq);
            next[sender] = seq + 1;
            distinct[sender]++;
            return Arrival.AHEAD;
        }
        BitSet missing = holes == null ? null : holes[sender];
        if (missing != null && missing.get(seq)) {
            missing.clear(seq);
            distinct[sender]++;
            late++;
            return Arrival.LATE;
        }
        duplicates++;
        return Arrival.DUPLICATE;
    }

    /** Messages of {@code sender} this receiver never got, given how many were sent. */
    long lost(int sender, int sent) {
        return Math.max(0, sent - distinct[sender]);
    }

    long distinct(int sender) {
        return distinct[sender];
    }

    int senders() {
        return next.length;
    }

    private BitSet holesOf(int sender) {
        if (holes == null) {
            holes = new BitSet[next.length];
        }
        if (holes[sender] == null) {
            holes[sender] = new BitSet();
        }
        return holes[sender];
    }
}
