package org.netcatchat.client.connection;

import java.util.function.LongSupplier;

/**
 * Keeps what this client sends within the server's rate limit, so the server never has to refuse a line:
 * a token bucket like the server's, a little stricter. Every frame but {@code quit} takes a token, as on the
 * server.
 *
 * <p>The server does not say its limit; this assumes its default (20 frames a second, burst 40) and stays
 * under it (19 a second, burst 20) so that frames the server reads late or bunched still fit. A server
 * with a lower limit answers {@code ERR rate limited}; the session then waits and resends that line, and
 * {@link #refused} empties this bucket so the next frames wait too.
 *
 * <p>Not thread-safe: used by the connection's one writer thread (and {@link #refused} under its lock).
 */
public final class Pace {
    /** Just under the server's default {@code --rate-limit} of 20 frames a second. */
    public static final double RATE_PER_SECOND = 19;
    /**
     * Half the server's default {@code --rate-burst} of 40. Not just under it (38, as it was): a server that reads
     * the first burst late (a GC pause, a busy machine) has a full bucket that cannot refill meanwhile, so the
     * frames the client paced out during the delay land on top of the burst; 38 overflowed the server's 40 after
     * 0.1 s of delay and a paste arrived out of order. With 20, the server may be a second late.
     */
    public static final int BURST = 20;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double perNano;
    private final int burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    public Pace(double perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("need a positive rate and burst");
        }
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    public static Pace serverDefault() {
        return serverDefault(System::nanoTime);
    }

    /** {@link #serverDefault()} on a given clock. */
    public static Pace serverDefault(LongSupplier nanoTime) {
        return new Pace(RATE_PER_SECOND, BURST, nanoTime);
    }

    /** Takes a token if there is one: 0; otherwise how many nanoseconds until there is (nothing taken). */
    public synchronized long take() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }

    /** The server refused a frame as over its limit: it is stricter than assumed, so start from empty. */
    public synchronized void refused() {
        refill();
        tokens = Math.min(tokens, 0);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
    }
}
