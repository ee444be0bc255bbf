package org.netcatchat.client.session;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before each reconnect attempt: 1 s, doubling to at most 30 s, each wait times a random
 * factor between 0.8 and 1.2, so the clients of a restarted server do not all come back in the same
 * instant. Thread-confined: one per reconnect loop (the random generator need not be thread-safe).
 */
public record Backoff(Duration first, Duration max, RandomGenerator random) {
    /** Quick enough for a server restart, which takes about a second. */
    public static final Duration FIRST = Duration.ofSeconds(1);
    /** Slow enough not to hammer a server that is down for long, short enough that coming back is noticed. */
    public static final Duration MAX = Duration.ofSeconds(30);
    static final double JITTER = 0.2;

    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(random, "random");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= max");
        }
    }

    public static Backoff standard() {
        return new Backoff(FIRST, MAX, RandomGenerator.getDefault());
    }

    /** The wait before attempt {@code attempt} (0 for the first). */
    public Duration delay(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative");
        }
        long base = first.toMillis();
        for (int i = 0; i < attempt && base < max.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, max.toMillis());
        double factor = 1 - JITTER + 2 * JITTER * random.nextDouble();
        return Duration.ofMillis(Math.round(base * factor));
    }
}
