package org.netcatchat.server.logging;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Where {@link System.Logger} goes: one line per record on stderr. The JDK's default backend,
 * java.util.logging, closes its handlers in a shutdown hook of its own, which would swallow exactly the
 * lines our graceful stop writes. The level comes from {@code -Dnetcat.log.level} (default INFO).
 */
public final class StderrLoggerFinder extends System.LoggerFinder {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");
    private static final System.Logger.Level THRESHOLD = System.Logger.Level.valueOf(
            System.getProperty("netcat.log.level", "INFO").toUpperCase(Locale.ROOT));

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new StderrLogger(name.substring(name.lastIndexOf('.') + 1));
    }

    private record StderrLogger(String name) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && level.getSeverity() >= THRESHOLD.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            if (!isLoggable(level)) {
                return;
            }
            PrintStream err = System.err;
            synchronized (err) {
                err.println(prefix(level) + message);
                if (thrown != null) {
                    thrown.printStackTrace(err);
                }
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                String message = params == null || params.length == 0 ? format : new MessageFormat(format, Locale.ROOT).format(params);
                log(level, bundle, message, (Throwable) null);
            }
        }

        private String prefix(Level level) {
            return TIME.format(LocalDateTime.now()) + " " + String.format("%-5s", level == Level.WARNING ? "WARN" : level.name())
                    + " [" + Thread.currentThread().getName() + "] " + name + ": ";
        }
    }
}
