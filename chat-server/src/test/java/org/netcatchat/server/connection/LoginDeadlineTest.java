package org.netcatchat.server.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22: the login deadline was truncated to whole milliseconds, so with 0.4 ms left it fired at once and a
 * 0.5 s login timeout closed a connection after 0.4999 s. A deadline may be late by under a millisecond, never early.
 */
class LoginDeadlineTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void withUnderAMillisecondLeftTheDeadlineHasNotPassedAndTheNextReadWaitsOneMillisecond() {
        LoginDeadline deadline = new LoginDeadline(Duration.ofMillis(500), now::get);

        now.addAndGet(499_600_000L); // 0.4996 s in: 0.4 ms left

        assertThat(deadline.passed()).isFalse();
        assertThat(deadline.readTimeoutMillis()).isEqualTo(1);
    }

    @Test
    void theDeadlinePassesExactlyWhenTheClockReachesIt() {
        LoginDeadline deadline = new LoginDeadline(Duration.ofMillis(500), now::get);

        now.addAndGet(499_999_999L);
        assertThat(deadline.passed()).isFalse();
        now.addAndGet(1);
        assertThat(deadline.passed()).isTrue();
    }

    @Test
    void theFirstReadWaitsTheWholeTimeoutRoundedUp() {
        LoginDeadline deadline = new LoginDeadline(Duration.ofNanos(500_000_001L), now::get);

        assertThat(deadline.readTimeoutMillis()).isEqualTo(501);
    }

    @Test
    void aZeroTimeoutNeverPassesAndReadsWaitForEver() {
        LoginDeadline deadline = new LoginDeadline(Duration.ZERO, now::get);

        now.addAndGet(Long.MAX_VALUE / 2);

        assertThat(deadline.limited()).isFalse();
        assertThat(deadline.passed()).isFalse();
        assertThat(deadline.readTimeoutMillis()).isZero();
    }

    @Test
    void aClockThatWrapsAroundDoesNotEndTheDeadline() {
        now.set(Long.MAX_VALUE - 100_000_000L); // System.nanoTime may be anywhere, even near overflow
        LoginDeadline deadline = new LoginDeadline(Duration.ofMillis(500), now::get);

        now.addAndGet(200_000_000L); // wraps to negative

        assertThat(deadline.passed()).isFalse();
        assertThat(deadline.readTimeoutMillis()).isEqualTo(300);
    }

    @ParameterizedTest(name = "{0} ns -> {1} ms")
    @CsvSource({
            "1, 1",
            "999999, 1",
            "1000000, 1",
            "1000001, 2",
            "499999999, 500",
            "-5, 1",
            "9223372036854775807, 2147483647",
    })
    void aSocketTimeoutIsRoundedUpAndKeptInRange(long nanos, int millis) {
        assertThat(SocketTimeout.millisAtLeast(nanos)).isEqualTo(millis);
    }
}
