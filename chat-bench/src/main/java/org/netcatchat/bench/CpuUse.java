package org.netcatchat.bench;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The CPU time one process used between two samples of /proc, and what that comes to per second of wall time
 * and per delivery: the arithmetic behind the report's CPU columns, apart from the sampling, so that it can be
 * checked without a clock. An immutable value.
 *
 * <p>Resolution: /proc counts in ticks of 1/USER_HZ (10 ms at the usual 100 Hz), so over the default 9-second
 * window one tick is about 0.1 % of a core.
 *
 * @param ticks          utime + stime gained between the two samples
 * @param ticksPerSecond USER_HZ, the unit of those ticks
 * @param wallNanos      wall time between the two samples
 */
record CpuUse(long ticks, long ticksPerSecond, long wallNanos) {
    CpuUse {
        if (ticks < 0) {
            throw new IllegalArgumentException("CPU time does not run backwards: " + ticks + " ticks");
        }
        if (ticksPerSecond <= 0 || wallNanos <= 0) {
            throw new IllegalArgumentException("ticks per second and wall time must be positive");
        }
    }

    /**
     * From two readings of utime + stime; empty when either could not be read (process gone, no /proc), or when
     * the second is below the first (the PID now names another process).
     */
    static Optional<CpuUse> between(OptionalLong fromTicks, OptionalLong toTicks, long ticksPerSecond, long wallNanos) {
        if (fromTicks.isEmpty() || toTicks.isEmpty() || wallNanos <= 0
                || toTicks.getAsLong() < fromTicks.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of(new CpuUse(toTicks.getAsLong() - fromTicks.getAsLong(), ticksPerSecond, wallNanos));
    }

    /** CPU seconds used. */
    double seconds() {
        return (double) ticks / ticksPerSecond;
    }

    /** Percent of one core over the wall time: 100 = one core busy all along, 200 = two. */
    double percentOfOneCore() {
        return 100 * seconds() / (wallNanos / 1e9);
    }

    /** CPU microseconds per delivery made in the same window; empty when there was none. */
    OptionalDouble microsPerDelivery(long deliveries) {
        return deliveries > 0 ? OptionalDouble.of(1e6 * seconds() / deliveries) : OptionalDouble.empty();
    }
}
