package org.netcatchat.server.logging;

import java.util.Objects;

/**
 * The level and format every logger writes with: {@code --log-level} and {@code --log-format}, set once by
 * {@code Main} after it has parsed the command line. Until then (and in tests, which never set it) records
 * go out at INFO as text. Thread-safe: one volatile reference to an immutable value.
 *
 * @param threshold the least severe level written
 * @param format    text or JSON lines
 */
public record LogSettings(System.Logger.Level threshold, LogFormat format) {
    public static final LogSettings DEFAULT = new LogSettings(System.Logger.Level.INFO, LogFormat.TEXT);

    private static volatile LogSettings current = DEFAULT;

    public LogSettings {
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(format, "format");
        if (threshold == System.Logger.Level.ALL || threshold == System.Logger.Level.OFF) {
            throw new IllegalArgumentException("log level must be one of error, warning, info, debug, trace");
        }
    }

    /** From then on, every logger writes with these. */
    public static void apply(LogSettings settings) {
        current = Objects.requireNonNull(settings, "settings");
    }

    static LogSettings current() {
        return current;
    }
}
