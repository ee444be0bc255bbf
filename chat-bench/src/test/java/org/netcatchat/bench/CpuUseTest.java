package org.netcatchat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The arithmetic of the CPU columns: ticks to seconds, to percent of one core, to microseconds per delivery. */
class CpuUseTest {

    @ParameterizedTest(name = "{0} ticks at {1} Hz over {2} s, {3} deliveries")
    @CsvSource({
            // ticks, Hz,   wall s, deliveries
            "   900,  100,  9,      4500000",
            "   150,  100,  2,      500000",
            "  1800,  100,  9,      1000000",
            "     1,  100,  9,      7",
            "  2500,  250,  4,      123457",
            "     0,  100,  9,      1000",
    })
    void cpuTimeIsTicksOverHertzAndIsSharedOutOverTheWallTimeAndTheDeliveries(
            long ticks, long hz, long wallSeconds, long deliveries) {
        CpuUse use = new CpuUse(ticks, hz, TimeUnit.SECONDS.toNanos(wallSeconds));

        double cpuSeconds = (double) ticks / hz;
        assertThat(use.seconds()).isCloseTo(cpuSeconds, within(1e-12));
        assertThat(use.percentOfOneCore()).isCloseTo(100 * cpuSeconds / wallSeconds, within(1e-9));
        assertThat(use.microsPerDelivery(deliveries).orElseThrow())
                .isCloseTo(cpuSeconds * 1_000_000 / deliveries, within(1e-9));
    }

    @Test
    void oneCoreBusyForTheWholeWindowIsAHundredPercentAndTwoAreTwoHundred() {
        long nineSeconds = TimeUnit.SECONDS.toNanos(9);

        assertThat(new CpuUse(900, 100, nineSeconds).percentOfOneCore()).isCloseTo(100, within(1e-9));
        assertThat(new CpuUse(1800, 100, nineSeconds).percentOfOneCore()).isCloseTo(200, within(1e-9));
    }

    @Test
    void aWindowWithoutDeliveriesHasNoCostPerDelivery() {
        assertThat(new CpuUse(100, 100, TimeUnit.SECONDS.toNanos(1)).microsPerDelivery(0)).isEmpty();
    }

    @Test
    void aSampleThatCouldNotBeReadGivesNoCpuUseRatherThanAWrongOne() {
        long second = TimeUnit.SECONDS.toNanos(1);

        assertThat(CpuUse.between(OptionalLong.of(10), OptionalLong.of(60), 100, second))
                .hasValue(new CpuUse(50, 100, second));
        assertThat(CpuUse.between(OptionalLong.empty(), OptionalLong.of(60), 100, second)).isEmpty();
        assertThat(CpuUse.between(OptionalLong.of(10), OptionalLong.empty(), 100, second)).isEmpty();
        assertThat(CpuUse.between(OptionalLong.of(10), OptionalLong.of(60), 100, 0)).isEmpty();
    }

    @Test
    void cpuTimeThatRunsBackwardsIsNotMeasuredAndCannotBeMadeAValue() {
        // a PID reused by another process between the two samples would look like this
        assertThat(CpuUse.between(OptionalLong.of(60), OptionalLong.of(10), 100, 1_000_000_000)).isEmpty();
        assertThatThrownBy(() -> new CpuUse(-50, 100, 1_000_000_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
