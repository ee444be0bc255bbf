package org.netcatchat.server.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.Format;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns one log record into the line written for it, as text or as a JSON object. Pure: no I/O, no clock
 * of its own, so the formats are tested as values.
 */
final class LogRecordFormatter {
    private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");

    private LogRecordFormatter() {
    }

    /**
     * {@code format} with its {@code {0}} placeholders filled, numbers in plain digits: MessageFormat would
     * write connection 12345 as "12,345". Placeholders with a format of their own ({@code {1,number,#}}) keep it.
     */
    static String message(String format, Object... params) {
        if (params == null || params.length == 0) {
            return format;
        }
        MessageFormat messageFormat = new MessageFormat(format, Locale.ROOT);
        Format[] formats = messageFormat.getFormatsByArgumentIndex();
        Object[] args = params.clone();
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Number && (i >= formats.length || formats[i] == null)) {
                args[i] = args[i].toString();
            }
        }
        return messageFormat.format(args);
    }

    /** One record: a line (with a stack trace after it, in text) or one JSON object, without the final newline. */
    static String format(LogFormat format, Instant time, ZoneId zone, System.Logger.Level level, String logger,
                         String thread, String message, Optional<Throwable> thrown) {
        return switch (format) {
            case TEXT -> TEXT_TIME.format(LocalDateTime.ofInstant(time, zone)) + " " + String.format("%-5s", levelName(level))
                    + " [" + thread + "] " + logger + ": " + message + thrown.map(t -> System.lineSeparator() + stackTrace(t)).orElse("");
            case JSON -> "{\"time\":\"" + time + "\",\"level\":\"" + levelName(level) + "\",\"logger\":" + quote(logger)
                    + ",\"thread\":" + quote(thread) + ",\"message\":" + quote(message)
                    + thrown.map(t -> ",\"exception\":" + quote(stackTrace(t))).orElse("") + "}";
        };
    }

    private static String levelName(System.Logger.Level level) {
        return level == System.Logger.Level.WARNING ? "WARN" : level.name();
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString().stripTrailing();
    }

    /** A JSON string: quotes, backslashes and every control character escaped (RFC 8259). */
    static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
