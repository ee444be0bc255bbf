package org.netcatchat.bench.soak;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the soak did and saw, written by every actor: connections opened, faults injected by kind, messages
 * sent and ACKed, the views of well-behaved sessions, and invariant violations. Thread-safe: every method
 * is synchronized on this, except the atomic connection count.
 */
final class Ledger {
    /** How many violation descriptions are kept; all are counted. */
    private static final int KEPT_VIOLATIONS = 50;

    /** One well-behaved session: the name it joined with and every pushed line it saw after its join ACK. */
    record View(String joinedAs, List<String> lines) {
    }

    private final AtomicLong connections = new AtomicLong();
    /** Guarded by this. */
    private final Map<String, Long> faults = new TreeMap<>();
    /** Guarded by this. */
    private final Set<String> sent = new HashSet<>();
    /** Guarded by this. */
    private final Set<String> acked = new HashSet<>();
    /** Guarded by this. */
    private final List<View> views = new ArrayList<>();
    /** Guarded by this. */
    private final List<String> violations = new ArrayList<>();
    /** Guarded by this. */
    private long violationCount;

    void connected() {
        connections.incrementAndGet();
    }

    long connections() {
        return connections.get();
    }

    synchronized void fault(String kind) {
        faults.merge(kind, 1L, Long::sum);
    }

    synchronized void sent(String token) {
        sent.add(token);
    }

    synchronized void acked(String token) {
        acked.add(token);
    }

    synchronized void view(View view) {
        views.add(view);
    }

    synchronized void violation(String what) {
        violationCount++;
        if (violations.size() < KEPT_VIOLATIONS) {
            violations.add(what);
        }
    }

    synchronized Map<String, Long> faults() {
        return new TreeMap<>(faults);
    }

    synchronized Set<String> sent() {
        return Set.copyOf(sent);
    }

    synchronized Set<String> acked() {
        return Set.copyOf(acked);
    }

    synchronized List<View> views() {
        return List.copyOf(views);
    }

    synchronized long violationCount() {
        return violationCount;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }
}
