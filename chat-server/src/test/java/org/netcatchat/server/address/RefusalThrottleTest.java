package org.netcatchat.server.address;

import org.junit.jupiter.api.Test;
import org.netcatchat.server.address.AddressLimits.Reason;
import org.netcatchat.server.address.RefusalThrottle.Report;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Refusal log lines on a stepped clock: one per address per minute, each with the count since the last. */
class RefusalThrottleTest {
    private static final AddressKey LOOPER = new AddressKey("203.0.113.9");
    private static final AddressKey OTHER = new AddressKey("203.0.113.10");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T01:00:00Z"));
    private final InstantSource clock = now::get;

    @Test
    void theFirstRefusalIsToldAtOnceAndTheRestOfTheMinuteOnlyCounted() {
        RefusalThrottle throttle = new RefusalThrottle(clock);
        assertThat(throttle.refused(LOOPER, Reason.CONNECTION_RATE))
                .contains(new Report(LOOPER, Map.of(Reason.CONNECTION_RATE, 1L), true));
        for (int i = 0; i < 185; i++) {
            step(Duration.ofMillis(300));
            assertThat(throttle.refused(LOOPER, Reason.CONNECTION_RATE)).isEmpty();
        }
        assertThat(throttle.refused(OTHER, Reason.PER_ADDRESS_LIMIT)).as("each address has its own minute").isPresent();
    }

    @Test
    void theFirstRefusalAfterTheMinuteTellsHowManyCameSinceTheLastLine() {
        RefusalThrottle throttle = new RefusalThrottle(clock);
        throttle.refused(LOOPER, Reason.CONNECTION_RATE);
        for (int i = 0; i < 184; i++) {
            throttle.refused(LOOPER, Reason.CONNECTION_RATE);
        }
        throttle.refused(LOOPER, Reason.PER_ADDRESS_LIMIT);
        step(RefusalThrottle.INTERVAL.minusNanos(1));
        assertThat(throttle.refused(LOOPER, Reason.CONNECTION_RATE)).as("a minute not yet over").isEmpty();
        step(Duration.ofNanos(1));

        Optional<Report> line = throttle.refused(LOOPER, Reason.CONNECTION_RATE);

        assertThat(line).contains(new Report(LOOPER, Map.of(Reason.CONNECTION_RATE, 186L, Reason.PER_ADDRESS_LIMIT, 1L), false));
        assertThat(line.orElseThrow().summary())
                .isEqualTo("187 refused since the last line (per_address_limit 1, connection_rate 186)");
        assertThat(throttle.refused(LOOPER, Reason.CONNECTION_RATE)).as("a new minute has begun").isEmpty();
    }

    @Test
    void aBurstThatStopsIsToldByTheScanOnceItsMinuteIsOverThenForgotten() {
        RefusalThrottle throttle = new RefusalThrottle(clock);
        throttle.refused(LOOPER, Reason.CONNECTION_RATE);
        throttle.refused(LOOPER, Reason.CONNECTION_RATE);
        throttle.refused(OTHER, Reason.CONNECTION_RATE);
        step(Duration.ofSeconds(30));
        assertThat(throttle.overdue()).isEmpty();
        step(Duration.ofSeconds(30));

        assertThat(throttle.overdue()).containsExactly(new Report(LOOPER, Map.of(Reason.CONNECTION_RATE, 1L), false));
        assertThat(throttle.size()).as("the quiet one is forgotten").isEqualTo(1);
        step(RefusalThrottle.INTERVAL);
        assertThat(throttle.overdue()).isEmpty();
        assertThat(throttle.size()).isZero();
    }

    private void step(Duration by) {
        now.updateAndGet(instant -> instant.plus(by));
    }
}
