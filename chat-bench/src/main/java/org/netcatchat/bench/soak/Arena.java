package org.netcatchat.bench.soak;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every actor shares: where the server is, the ledger, and when the load stops. Source addresses
 * rotate, so that per-address limits (connections, joins per minute) see many modest hosts rather than one
 * aggressive one: floods and faults come from 127.0.0.2–127.0.0.254, well-behaved chatters from
 * 127.0.1.2–127.0.1.254. Kept apart on purpose: a chatter that shared an address with a flooder would
 * rightly meet that address's limits, and the soak checks what well-behaved users see. Thread-safe.
 */
final class Arena {
    /** How long one reply may take before a well-behaved client calls it lost. */
    static final Duration REPLY_DEADLINE = Duration.ofSeconds(30);

    private final String phase;
    private final InetSocketAddress chat;
    private final InetSocketAddress metrics;
    private final Ledger ledger;
    private final long stopAtNanos;
    private final AtomicInteger nextSource = new AtomicInteger();
    private final AtomicInteger nextPeacefulSource = new AtomicInteger();

    Arena(String phase, InetSocketAddress chat, InetSocketAddress metrics, Ledger ledger, long stopAtNanos) {
        this.phase = phase;
        this.chat = chat;
        this.metrics = metrics;
        this.ledger = ledger;
        this.stopAtNanos = stopAtNanos;
    }

    /** A name for an actor's session, unique over the whole soak: the phase, the actor, the session. */
    String name(String actor, int session) {
        return phase + actor + "s" + session;
    }

    InetSocketAddress chat() {
        return chat;
    }

    InetSocketAddress metrics() {
        return metrics;
    }

    Ledger ledger() {
        return ledger;
    }

    /** When the load stops, on the {@link System#nanoTime()} scale. */
    long stopAtNanos() {
        return stopAtNanos;
    }

    boolean running() {
        return System.nanoTime() - stopAtNanos < 0;
    }

    /** For floods and faults. */
    InetAddress nextSource() {
        return loopback(0, nextSource);
    }

    /** For well-behaved chatters: addresses no flood or fault ever uses. */
    InetAddress nextPeacefulSource() {
        return loopback(1, nextPeacefulSource);
    }

    private static InetAddress loopback(int subnet, AtomicInteger next) {
        int host = 2 + Math.floorMod(next.getAndIncrement(), 253);
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) subnet, (byte) host});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    /** Pacing between an actor's steps: a load generator's rhythm, not a wait for a condition. */
    static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
