package org.netcatchat.bench.summary;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

/**
 * The median and range of a few repetitions of one measurement. The median of an even count is the mean of
 * the two middle values.
 */
record Spread(double median, double min, double max, int count) {
    Spread {
        if (count < 1 || !(min <= median && median <= max)) {
            throw new IllegalArgumentException("not a spread: " + min + " <= " + median + " <= " + max + ", " + count);
        }
    }

    /** Empty when there is no value. */
    static Optional<Spread> of(Collection<Double> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return Optional.of(new Spread(median, sorted[0], sorted[n - 1], n));
    }

    static Optional<Spread> of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }
}
