package org.netcatchat.protocol;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Objects;
import java.util.Optional;

/**
 * A line the server pushes to clients and (but for a private one) appends to a history file. Every one starts
 * with its time, {@code [YYYY-MM-DD HH:MM:SS]}, in the zone the greeting names ({@link TimeZoneLine}); the
 * character after the stamp says what it is, so a program can never take one kind for another:
 *
 * <pre>
 * [2026-11-27 17:46:36][alice]:hello                    '['  a lobby message (protocol version 1)
 * [2026-11-27 17:46:36] alice has joined our chat...    ' '  a lobby notice (protocol version 1)
 * [2026-11-27 17:46:36]#dev[alice]:deploy at five       '#'  a room message
 * [2026-11-27 17:46:36]#dev alice has joined #dev...    '#'  a room notice
 * [2026-11-27 17:46:36]*[alice>bob]:hi                  '*'  a private message from alice to bob
 * </pre>
 *
 * A room name holds no {@code [} and no space, and a person's name no {@code >} and no {@code ]}, so each line
 * splits one way only.
 */
public sealed interface PushedLine permits PushedLine.Message, PushedLine.Notice, PushedLine.RoomMessage,
        PushedLine.RoomNotice, PushedLine.Private {
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

        /** An operator closed the member's connection (issue 18); {@code why} is "by root: spamming" or "by root". */
        public static Notice removed(LocalDateTime time, ChatName who, String why) {
            return new Notice(time, who + " was removed " + why + "...");
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

    /** Someone said something in a room (not the lobby: its lines are {@link Message}s). */
    record RoomMessage(LocalDateTime time, RoomName room, String sender, String text) implements PushedLine {
        public RoomMessage {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String render() {
            return stamp(time) + room + "[" + sender + "]:" + text;
        }
    }

    /** Something happened in a room: a join, a part, a leave, a drop. */
    record RoomNotice(LocalDateTime time, RoomName room, String text) implements PushedLine {
        public RoomNotice {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String render() {
            return stamp(time) + room + " " + text;
        }

        public static RoomNotice joined(LocalDateTime time, RoomName room, ChatName who) {
            return new RoomNotice(time, room, who + " has joined " + room + "...");
        }

        public static RoomNotice parted(LocalDateTime time, RoomName room, ChatName who) {
            return new RoomNotice(time, room, who + " has left " + room + "...");
        }

        /** The member left the server: one of these in every room it was in. */
        public static RoomNotice left(LocalDateTime time, RoomName room, ChatName who) {
            return new RoomNotice(time, room, who + " has left our chat...");
        }

        /** An operator closed the member's connection: one of these in every room it was in. */
        public static RoomNotice removed(LocalDateTime time, RoomName room, ChatName who, String why) {
            return new RoomNotice(time, room, who + " was removed " + why + "...");
        }

        public static RoomNotice droppedTooSlow(LocalDateTime time, RoomName room, ChatName who) {
            return new RoomNotice(time, room, who + " was disconnected: too slow to keep up...");
        }
    }

    /** A private message: pushed to its receiver and echoed to its sender, the same line; stored nowhere. */
    record Private(LocalDateTime time, String sender, String receiver, String text) implements PushedLine {
        public static final char MARK = '*';

        public Private {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(receiver, "receiver");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String render() {
            return stamp(time) + MARK + "[" + sender + ">" + receiver + "]:" + text;
        }
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
        if (rest.startsWith("#")) {
            return roomLine(time, rest);
        }
        if (rest.startsWith(Private.MARK + "[")) {
            int arrow = rest.indexOf('>');
            int close = rest.indexOf("]:");
            if (arrow > 2 && close > arrow + 1) {
                return Optional.of(new Private(time, rest.substring(2, arrow), rest.substring(arrow + 1, close),
                        rest.substring(close + 2)));
            }
        }
        return Optional.empty();
    }

    private static Optional<PushedLine> roomLine(LocalDateTime time, String rest) {
        int end = 1;
        while (end < rest.length() && rest.charAt(end) != '[' && rest.charAt(end) != ' ') {
            end++;
        }
        if (end == rest.length() || !(RoomName.parse(rest.substring(0, end)) instanceof RoomName.Result.Valid valid)
                || !valid.room().toString().equals(rest.substring(0, end))) {
            return Optional.empty();
        }
        String after = rest.substring(end);
        if (after.startsWith(" ")) {
            return Optional.of(new RoomNotice(time, valid.room(), after.substring(1)));
        }
        int close = after.indexOf("]:");
        return close > 1 ? Optional.of(new RoomMessage(time, valid.room(), after.substring(1, close),
                after.substring(close + 2))) : Optional.empty();
    }

    private static String stamp(LocalDateTime time) {
        return "[" + TIME.format(time) + "]";
    }
}
