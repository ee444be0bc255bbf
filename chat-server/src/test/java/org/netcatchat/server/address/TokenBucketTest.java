package org.netcatchat.server.address;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate limit's arithmetic on a stepped clock: no sleeps, exact counts. */
class TokenBucketTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T17:46:36Z"));
    private final InstantSource clock = now::get;

    @Test
    void startsFullWithTheBurst() {
        assertThat(takeAll(new TokenBucket(20, 40, clock))).isEqualTo(40);
    }

    @Test
    void refillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(20, 40, clock);
        takeAll(bucket);

        step(Duration.ofSeconds(1));
        assertThat(takeAll(bucket)).isEqualTo(20);
        step(Duration.ofMillis(260)); // 5.2 tokens
        assertThat(takeAll(bucket)).isEqualTo(5);
        step(Duration.ofMillis(30)); // 0.2 + 0.6
        assertThat(takeAll(bucket)).isZero();
        step(Duration.ofMillis(20)); // 0.8 + 0.4
        assertThat(takeAll(bucket)).isEqualTo(1);
    }

    @Test
    void refillsNoFurtherThanTheBurst() {
        TokenBucket bucket = new TokenBucket(20, 40, clock);
        takeAll(bucket);

        step(Duration.ofDays(10));

        assertThat(takeAll(bucket)).isEqualTo(40);
    }

    @Test
    void aRateBelowOneASecondWorks() {
        TokenBucket bucket = new TokenBucket(0.5, 1, clock);
        assertThat(takeAll(bucket)).isEqualTo(1);

        step(Duration.ofMillis(1500)); // 0.75 tokens
        assertThat(takeAll(bucket)).isZero();
        step(Duration.ofMillis(600)); // 1.05 tokens
        assertThat(takeAll(bucket)).isEqualTo(1);
    }

    @Test
    void aWallClockThatStepsBackTakesNoTokensAway() {
        TokenBucket bucket = new TokenBucket(20, 40, clock);
        takeAll(bucket);

        step(Duration.ofHours(-1)); // NTP corrects the clock
        assertThat(takeAll(bucket)).isZero();
        step(Duration.ofSeconds(1));

        assertThat(takeAll(bucket)).as("a second after the step back, a second's worth of tokens").isEqualTo(20);
    }

    @Test
    void unlimitedAlwaysHasATokenWithoutTheClockMoving() {
        TokenBucket bucket = TokenBucket.unlimited(clock);

        for (int i = 0; i < 1_000_000; i++) {
            assertThat(bucket.tryTake()).isTrue();
        }
    }

    private void step(Duration by) {
        now.updateAndGet(instant -> instant.plus(by));
    }

    /** Takes tokens until refused; the clock does not move meanwhile. */
    private static int takeAll(TokenBucket bucket) {
        int taken = 0;
        while (bucket.tryTake()) {
            taken++;
            assertThat(taken).as("a bounded bucket runs dry").isLessThanOrEqualTo(1_000);
        }
        return taken;
    }
}
