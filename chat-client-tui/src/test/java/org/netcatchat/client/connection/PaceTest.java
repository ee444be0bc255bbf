package org.netcatchat.client.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The client's token bucket, on a clock that only moves when the test says so. */
class PaceTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void aBurstGoesAtOnceThenOneFrameAtTheRate() {
        Pace pace = new Pace(20, 40, now::get);
        for (int i = 0; i < 40; i++) {
            assertThat(pace.take()).as("frame %d", i).isZero();
        }
        assertThat(pace.take()).isBetween(50_000_000L, 50_000_001L); // 1/20 s, give or take rounding
        now.addAndGet(49_000_000L);
        assertThat(pace.take()).isBetween(1_000_000L, 1_000_001L);
        now.addAndGet(1_000_001L);
        assertThat(pace.take()).isZero();
        assertThat(pace.take()).isBetween(49_999_999L, 50_000_001L);
    }

    @Test
    void theBucketRefillsToTheBurstAndNoFurther() {
        Pace pace = new Pace(20, 40, now::get);
        for (int i = 0; i < 40; i++) {
            pace.take();
        }
        now.addAndGet(60_000_000_000L);
        int free = 0;
        while (pace.take() == 0) {
            free++;
        }
        assertThat(free).isEqualTo(40);
    }

    @Test
    void aRefusalByTheServerEmptiesTheBucket() {
        Pace pace = new Pace(20, 40, now::get);
        pace.refused();
        assertThat(pace.take()).isBetween(50_000_000L, 50_000_001L);
    }

    @Test
    void theDefaultStaysUnderTheServersDefault() {
        assertThat(Pace.RATE_PER_SECOND).isLessThan(20);
        assertThat(Pace.BURST).isLessThan(40);
    }
}
