package org.netcatchat.server.address;

import java.time.Duration;
import java.time.InstantSource;

/**
 * A rate limit: {@code rate} tokens a second, up to {@code burst} at once. Thread-safe: one bucket is shared by
 * every connection from an address; {@code this} is a leaf lock held for a few arithmetic operations. Time comes
 * from an {@link InstantSource} so tests can step it. Public for the other limits per address and per name
 * (the wrong-password limits of {@code accounts.Guesses}).
 */
public final class TokenBucket {
    private final double tokensPerNano;
    private final double burst;
    private final InstantSource clock;
    /** Guarded by this. */
    private double tokens;
    /** Guarded by this. */
    private long lastRefillNanos;

    TokenBucket(double ratePerSecond, int burst, InstantSource clock) {
        this.tokensPerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.lastRefillNanos = nanos();
    }

    /** A bucket that always has a token: a limit set to 0. */
    static TokenBucket unlimited(InstantSource clock) {
        return new TokenBucket(Double.POSITIVE_INFINITY, 1, clock);
    }

    /** A bucket of {@code perSecond} and {@code burst}, or an unlimited one when {@code perSecond} is 0. */
    public static TokenBucket of(double perSecond, int burst, InstantSource clock) {
        return perSecond > 0 ? new TokenBucket(perSecond, burst, clock) : unlimited(clock);
    }

    public synchronized boolean tryTake() {
        if (tokensPerNano == Double.POSITIVE_INFINITY) {
            return true;
        }
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Undoes one {@link #tryTake} that returned true: the frame was refused by another limit. */
    public synchronized void giveBack() {
        if (tokensPerNano != Double.POSITIVE_INFINITY) {
            tokens = Math.min(burst, tokens + 1);
        }
    }

    /** Full again: nothing taken from it is remembered any more, so forgetting the bucket changes nothing. */
    public synchronized boolean isFull() {
        if (tokensPerNano == Double.POSITIVE_INFINITY) {
            return true;
        }
        refill();
        return tokens >= burst;
    }

    /** How long until the next token: zero when one is there. */
    public synchronized Duration untilNextToken() {
        if (tokensPerNano == Double.POSITIVE_INFINITY) {
            return Duration.ZERO;
        }
        refill();
        return tokens >= 1 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil((1 - tokens) / tokensPerNano));
    }

    /** Guarded by this. */
    private void refill() {
        long now = nanos();
        // The clock is the wall clock, which NTP may step back: time that runs backwards adds no tokens and,
        // above all, takes none away (an hour back would otherwise silence the client for an hour).
        tokens = Math.min(burst, tokens + Math.max(0, now - lastRefillNanos) * tokensPerNano);
        lastRefillNanos = now;
    }

    private long nanos() {
        var instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
