package org.netcatchat.client.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

    /**
     * Issue 22: a 100-line paste was refused by the server ("flood 42" resent after "flood 43") when the server read
     * the first burst late: its bucket was full and could not refill while the frames waited, so a burst of 38 plus
     * what the client sent meanwhile overflowed its 40. Here the server's bucket (the default 20 a second, 40 at
     * once, as chat-server's TokenBucket) reads everything the client's pace sent, up to {@code lateMillis} late at
     * the start, then as it comes.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "the server reads the first burst {0} ms late")
    @org.junit.jupiter.params.provider.ValueSource(longs = {0, 100, 300, 600, 900})
    void thePaceFitsTheServersDefaultBucketEvenWhenTheServerReadsTheFirstBurstLate(long lateMillis) {
        Pace pace = Pace.serverDefault(now::get);
        ServerBucket server = new ServerBucket(20, 40, now.get());
        List<Long> sent = new java.util.ArrayList<>();
        long step = 1_000_000L; // the client's writer wakes every millisecond at most
        while (sent.size() < 200) { // name, list, and a long paste
            long wait = pace.take();
            if (wait == 0) {
                sent.add(now.get());
            } else {
                now.addAndGet(Math.max(step, wait));
            }
        }
        long late = lateMillis * 1_000_000L;
        int refused = 0;
        for (long at : sent) {
            long read = Math.max(at, sent.getFirst() + late); // FIFO: nothing is read before the late burst
            if (!server.tryTake(read)) {
                refused++;
            }
        }
        assertThat(refused).as("frames the server refuses").isZero();
    }

    /** The server's bucket: refills by time up to its burst, a token a frame. */
    private static final class ServerBucket {
        private final double perNano;
        private final double burst;
        private double tokens;
        private long last;

        ServerBucket(double perSecond, int burst, long now) {
            this.perNano = perSecond / 1e9;
            this.burst = burst;
            this.tokens = burst;
            this.last = now;
        }

        boolean tryTake(long now) {
            tokens = Math.min(burst, tokens + Math.max(0, now - last) * perNano);
            last = Math.max(last, now);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }

    @Test
    void theDefaultStaysUnderTheServersDefault() {
        assertThat(Pace.RATE_PER_SECOND).isLessThan(20);
        assertThat(Pace.BURST).isLessThan(40);
    }
}
