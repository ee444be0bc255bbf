package org.netcatchat.server.logging;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * Where {@link System.Logger} goes: one record per line on stderr, as text or JSON ({@link LogSettings}).
 * The JDK's default backend, java.util.logging, closes its handlers in a shutdown hook of its own, which
 * would swallow exactly the lines our graceful stop writes; see ARCHITECTURE.md for why no logging library.
 */
public final class StderrLoggerFinder extends System.LoggerFinder {
    /** The JDK logs every {@code Runtime.exit} here at DEBUG, with a stack trace: for us a stop by signal is normal. */
    private static final String RUNTIME_EXIT_LOGGER = "java.lang.Runtime";

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new StderrLogger(name.substring(name.lastIndexOf('.') + 1), name.equals(RUNTIME_EXIT_LOGGER));
    }

    private record StderrLogger(String name, boolean withoutStackTraces) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && level.getSeverity() >= LogSettings.current().threshold().getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            if (!isLoggable(level)) {
                return;
            }
            String line = LogRecordFormatter.format(LogSettings.current().format(), Instant.now(), ZoneId.systemDefault(),
                    level, name, Thread.currentThread().getName(), message,
                    withoutStackTraces ? Optional.empty() : Optional.ofNullable(thrown));
            PrintStream err = System.err;
            synchronized (err) {
                err.println(line);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                log(level, bundle, LogRecordFormatter.message(format, params), (Throwable) null);
            }
        }
    }
}
