package org.netcatchat.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    /** A generator that always answers {@code value}: the jitter at one end, the middle, or the other. */
    private static RandomGenerator always(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @ParameterizedTest(name = "attempt {0}: {1} ms")
    @CsvSource(textBlock = """
            0,  1000
            1,  2000
            2,  4000
            3,  8000
            4,  16000
            5,  30000
            6,  30000
            40, 30000
            """)
    void waitsOneSecondDoublingToThirtyWithoutJitterInTheMiddle(int attempt, long millis) {
        assertThat(new Backoff(Backoff.FIRST, Backoff.MAX, always(0.5)).delay(attempt)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void jitterSpreadsEachWaitByAFifthEitherWay() {
        assertThat(new Backoff(Backoff.FIRST, Backoff.MAX, always(0.0)).delay(0)).isEqualTo(Duration.ofMillis(800));
        assertThat(new Backoff(Backoff.FIRST, Backoff.MAX, always(0.999_999)).delay(0)).isEqualTo(Duration.ofMillis(1200));
        assertThat(new Backoff(Backoff.FIRST, Backoff.MAX, always(0.0)).delay(9)).isEqualTo(Duration.ofMillis(24_000));
    }

    @Test
    void clientsOfOneServerDoNotAllComeBackAtOnce() {
        Backoff standard = Backoff.standard();
        long distinct = java.util.stream.IntStream.range(0, 50).mapToObj(i -> standard.delay(0)).distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }
}
