package org.netcatchat.protocol;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Objects;
import java.util.Optional;

/**
 * A line the server pushes to every joined client and appends to the history file: a message or a notice.
 * Both start with their time, {@code [YYYY-MM-DD HH:MM:SS]}, in the zone the greeting names ({@link TimeZoneLine}).
 *
 * <pre>
 * [2026-11-27 17:46:36][alice]:hello
 * [2026-11-27 17:46:36] alice has joined our chat...
 * </pre>
 */
public sealed interface PushedLine permits PushedLine.Message, PushedLine.Notice {
    DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    /** "[" + 19 characters of time + "]". */
    int TIME_PREFIX_LENGTH = 21;

    LocalDateTime time();

    /** The line as it goes on the wire and into the file, without the LF. */
    String render();

    /** Someone said something. */
    record Message(LocalDateTime time, String sender, String text) implements PushedLine {
        public Message {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String render() {
            return stamp(time) + "[" + sender + "]:" + text;
        }
    }

    /** Something happened: a join, a leave, a rename, a shutdown. */
    record Notice(LocalDateTime time, String text) implements PushedLine {
        public Notice {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String render() {
            return stamp(time) + " " + text;
        }

        public static Notice joined(LocalDateTime time, ChatName who) {
            return new Notice(time, who + " has joined our chat...");
        }

        public static Notice left(LocalDateTime time, ChatName who) {
            return new Notice(time, who + " has left our chat...");
        }

        public static Notice renamed(LocalDateTime time, ChatName from, ChatName to) {
            return new Notice(time, from + " is now known as " + to + "...");
        }

        public static Notice droppedTooSlow(LocalDateTime time, ChatName who) {
            return new Notice(time, who + " was disconnected: too slow to keep up...");
        }

        public static Notice shuttingDown(LocalDateTime time) {
            return new Notice(time, SHUTTING_DOWN);
        }

        /**
         * The notice of a stop: sent live to the clients connected then and never written to the history, so a
         * client must not look for it there (say, as the place it left off before a reconnect).
         */
        public boolean isShutdown() {
            return text.equals(SHUTTING_DOWN);
        }

        private static final String SHUTTING_DOWN = "server is shutting down";
    }

    /**
     * Reads a line back, for clients that style what they show. Anything that is not a pushed line
     * (a greeting, an {@code ERR}) is empty.
     */
    static Optional<PushedLine> parse(String line) {
        if (line.length() < TIME_PREFIX_LENGTH + 1 || line.charAt(0) != '['
                || line.charAt(TIME_PREFIX_LENGTH - 1) != ']') {
            return Optional.empty();
        }
        LocalDateTime time;
        try {
            time = LocalDateTime.parse(line.substring(1, TIME_PREFIX_LENGTH - 1), TIME);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        String rest = line.substring(TIME_PREFIX_LENGTH);
        if (rest.startsWith("[")) {
            int close = rest.indexOf("]:");
            if (close > 1) {
                return Optional.of(new Message(time, rest.substring(1, close), rest.substring(close + 2)));
            }
            return Optional.empty();
        }
        if (rest.startsWith(" ")) {
            return Optional.of(new Notice(time, rest.substring(1)));
        }
        return Optional.empty();
    }

    private static String stamp(LocalDateTime time) {
        return "[" + TIME.format(time) + "]";
    }
}
