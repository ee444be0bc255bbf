package org.netcatchat.bench.summary;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One line of a results file: a run of one scenario against one target in one set-up, and its measured values.
 *
 * @param series   the series it belongs to ({@code --series}); "" for lines written before series existed
 * @param setup    how server and generator were placed ({@code --setup}); lines written before set-ups existed
 *                 read as {@value #SHARED}, which is what every earlier run was
 * @param scenario from the label {@code scenario/target/repetition}, e.g. s1
 * @param target   from the label: ours, inspircd, ngircd
 */
record Run(String series, String setup, String scenario, String target, JsonLine values) {
    static final String SHARED = "shared";
    static final String OURS = "ours";

    Run {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(values, "values");
    }

    /** The run a JSON line describes; empty when its label is not {@code scenario/target/repetition}. */
    static Optional<Run> of(JsonLine line) {
        String[] label = line.string("label").orElse("").split("/", -1);
        if (label.length != 3 || label[0].isEmpty() || label[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Run(line.string("series").orElse(""), line.string("setup").orElse(SHARED),
                label[0], label[1], line));
    }

    boolean isOurs() {
        return target.equals(OURS);
    }

    OptionalDouble number(String key) {
        return values.number(key);
    }

    /**
     * Complete (drained, no problem) and nothing lost, duplicated, reordered, refused or disconnected: a run
     * whose numbers mean what they say.
     */
    boolean clean() {
        if (!values.isTrue("complete")) {
            return false;
        }
        for (String key : new String[] {"lost", "duplicated", "out_of_order", "errors", "disconnects"}) {
            if (number(key).orElse(0) > 0) {
                return false;
            }
        }
        return true;
    }
}
