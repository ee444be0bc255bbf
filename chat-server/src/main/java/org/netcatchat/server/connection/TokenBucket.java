package org.netcatchat.server.connection;

import java.time.InstantSource;

/**
 * The per-connection rate limit: {@code rate} frames a second, up to {@code burst} at once.
 * Not thread-safe: one per connection, used by its reader only. Time comes from an {@link InstantSource}
 * so tests can step it.
 */
final class TokenBucket {
    private final double tokensPerNano;
    private final double burst;
    private final InstantSource clock;
    private double tokens;
    private long lastRefillNanos;

    TokenBucket(double ratePerSecond, int burst, InstantSource clock) {
        this.tokensPerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.lastRefillNanos = nanos();
    }

    /** A bucket that always has a token: {@code --rate-limit 0}. */
    static TokenBucket unlimited(InstantSource clock) {
        return new TokenBucket(Double.POSITIVE_INFINITY, 1, clock);
    }

    boolean tryTake() {
        if (tokensPerNano == Double.POSITIVE_INFINITY) {
            return true;
        }
        long now = nanos();
        // The clock is the wall clock, which NTP may step back: time that runs backwards adds no tokens and,
        // above all, takes none away (an hour back would otherwise silence the client for an hour).
        tokens = Math.min(burst, tokens + Math.max(0, now - lastRefillNanos) * tokensPerNano);
        lastRefillNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private long nanos() {
        var instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
