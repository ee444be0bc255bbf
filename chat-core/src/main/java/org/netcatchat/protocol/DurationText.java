package org.netcatchat.protocol;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time as people and options write it: a number of seconds ({@code 30}, {@code 0.5}) or a number with a unit,
 * {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}. The server's options and the moderation commands
 * ({@code kick}, {@code mute}) read times with this one parser.
 */
public final class DurationText {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)(ms|s|m|h|d)?");

    private DurationText() {
    }

    /** The time {@code text} names, or empty when it names none. */
    public static Optional<Duration> parse(String text) {
        return parse(text, false);
    }

    /** As {@link #parse(String)}, but a bare number is no time: {@code kick bob 10 ...} reads 10 as the reason. */
    public static Optional<Duration> parseWithUnit(String text) {
        return parse(text, true);
    }

    private static Optional<Duration> parse(String text, boolean unitRequired) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || (unitRequired && m.group(2) == null)) {
            return Optional.empty();
        }
        double number = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> number;
            case "m" -> number * 60_000;
            case "h" -> number * 3_600_000;
            case "d" -> number * 86_400_000;
            default -> number * 1000;
        };
        return Optional.of(Duration.ofNanos(Math.round(millis * 1_000_000)));
    }
}
