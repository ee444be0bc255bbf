package org.netcatchat.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns the bytes a client sends into {@link Frame}s. Not thread-safe: one parser per connection.
 *
 * <p>A frame ends at LF, CR LF or a bare CR (so a client whose terminal sends CR is not left waiting).
 * A line longer than {@code maxLineBytes} is reported once, as soon as the limit is crossed, and the rest
 * of it is skipped without being buffered: a client cannot make the server hold more than
 * {@code maxLineBytes} of one line. Input may arrive split anywhere, down to one byte at a time.
 *
 * <p>The limit also holds for what a {@code text} becomes: every invalid byte and control character is
 * replaced by U+FFFD, three bytes in UTF-8, so a line within the limit can triple. A {@code text} whose
 * sanitised line ({@code "text "} and the message as it goes on the wire) exceeds {@code maxLineBytes} is
 * refused as {@link Problem#LINE_TOO_LONG}, never broadcast nor stored, so the limit bounds what is
 * broadcast, queued and appended to the history, not only what is read.
 */
public final class FrameParser {
    private static final int INITIAL_CAPACITY = 128;
    private static final String COMMANDS = "commands are name, text, hist, list, quit, join, part, tell, room";
    private static final Frame.Malformed EMPTY_MESSAGE = new Frame.Malformed(Problem.EMPTY_MESSAGE,
            "empty message: nothing was sent");

    private final int maxLineBytes;
    private byte[] pending = new byte[INITIAL_CAPACITY];
    private int pendingLength;
    private boolean skippingLongLine;
    private boolean afterCr;

    public FrameParser(int maxLineBytes) {
        if (maxLineBytes < Wire.COMMAND_BYTES) {
            throw new IllegalArgumentException("maxLineBytes must be at least " + Wire.COMMAND_BYTES);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** Made when a line is too long, not kept: every idle connection holds a parser. */
    private Frame.Malformed tooLong() {
        return new Frame.Malformed(Problem.LINE_TOO_LONG, "line too long (max " + maxLineBytes + " bytes); it was discarded");
    }

    /** Feeds {@code count} bytes; every frame they complete goes to {@code frames}, in order. */
    public void feed(byte[] bytes, int offset, int count, Consumer<? super Frame> frames) {
        int end = offset + count;
        int i = offset;
        if (afterCr && i < end) {
            afterCr = false;
            if (bytes[i] == Wire.LF) {
                i++;
            }
        }
        while (i < end) {
            int lineEnd = indexOfLineEnd(bytes, i, end);
            int stop = lineEnd < 0 ? end : lineEnd;
            take(bytes, i, stop - i, lineEnd >= 0, frames);
            if (lineEnd < 0) {
                return;
            }
            finishLine(bytes, i, stop - i, frames);
            i = lineEnd + 1;
            if (bytes[lineEnd] == Wire.CR) {
                if (i == end) {
                    afterCr = true;
                } else if (bytes[i] == Wire.LF) {
                    i++;
                }
            }
        }
    }

    /** Whether a partial line is waiting for its end. */
    public boolean hasPartialLine() {
        return pendingLength > 0 || skippingLongLine;
    }

    private void take(byte[] bytes, int from, int length, boolean lineEnds, Consumer<? super Frame> frames) {
        if (skippingLongLine || length == 0) {
            return;
        }
        if (pendingLength + length > maxLineBytes) {
            skippingLongLine = true;
            pendingLength = 0;
            shrink();
            frames.accept(tooLong());
            return;
        }
        if (pendingLength == 0 && lineEnds) {
            return; // the whole line is in this chunk: finishLine parses it in place, without a copy
        }
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.min(maxLineBytes, Math.max(pending.length * 2, pendingLength + length)));
        }
        System.arraycopy(bytes, from, pending, pendingLength, length);
        pendingLength += length;
    }

    private void finishLine(byte[] bytes, int from, int length, Consumer<? super Frame> frames) {
        if (skippingLongLine) {
            skippingLongLine = false;
            return;
        }
        if (pendingLength == 0) {
            frames.accept(withinLimit(parse(bytes, from, length)));
            return;
        }
        Frame frame = withinLimit(parse(pending, 0, pendingLength));
        pendingLength = 0;
        shrink();
        frames.accept(frame);
    }

    /** A {@code text} or {@code tell} whose sanitised line (in its canonical spelling) would be longer than the limit is refused: see the class comment. */
    private Frame withinLimit(Frame frame) {
        long sanitised = switch (frame) {
            case Command.Text text -> Wire.COMMAND_BYTES + 1 + utf8Length(text.message());
            case Command.TellRoom tell -> Wire.COMMAND_BYTES + 1 + utf8Length(tell.room().toString())
                    + utf8Length(tell.message());
            case Command.TellPerson tell -> Wire.COMMAND_BYTES + 2 + utf8Length(tell.to().display())
                    + utf8Length(tell.message());
            default -> 0; // no other frame carries text that cleaning can lengthen
        };
        if (sanitised > maxLineBytes) {
            return new Frame.Malformed(Problem.LINE_TOO_LONG, "line too long once invalid bytes and control"
                    + " characters are replaced by U+FFFD (max " + maxLineBytes + " bytes, it would be "
                    + sanitised + "); it was not sent");
        }
        return frame;
    }

    /** What {@code text.getBytes(UTF_8).length} would be, without the copy. */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // a lone surrogate (decoding never makes one) is over-counted: on the safe side
            }
        }
        return bytes;
    }

    /** A long line once should not pin a large buffer to an idle connection for ever. */
    private void shrink() {
        if (pending.length > 4 * INITIAL_CAPACITY) {
            pending = new byte[INITIAL_CAPACITY];
        }
    }

    private static int indexOfLineEnd(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == Wire.LF || b == Wire.CR) {
                return i;
            }
        }
        return -1;
    }

    /** Parses one complete line, without its line end. */
    public static Frame parse(byte[] line, int offset, int length) {
        if (length < Wire.COMMAND_BYTES) {
            String shown = Printable.clean(decode(line, offset, length));
            return new Frame.Malformed(Problem.UNKNOWN_COMMAND, length == 0
                    ? "empty line; " + COMMANDS
                    : "unknown command \"" + shown + "\"; " + COMMANDS);
        }
        int argumentStart = offset + Wire.COMMAND_BYTES;
        int end = offset + length;
        if (argumentStart < end && line[argumentStart] == Wire.SPACE) {
            argumentStart++;
        }
        String argument = decode(line, argumentStart, end - argumentStart);
        if (is(line, offset, 'n', 'a', 'm', 'e')) {
            return name(argument);
        } else if (is(line, offset, 't', 'e', 'x', 't')) {
            return text(argument);
        } else if (is(line, offset, 'h', 'i', 's', 't')) {
            return hist(argument);
        } else if (is(line, offset, 'l', 'i', 's', 't')) {
            return list(argument);
        } else if (is(line, offset, 'q', 'u', 'i', 't')) {
            return argument.isEmpty() ? new Command.Quit()
                    : new Frame.Malformed(Problem.BAD_ARGUMENT, "quit takes no argument");
        } else if (is(line, offset, 'j', 'o', 'i', 'n')) {
            return join(argument);
        } else if (is(line, offset, 'p', 'a', 'r', 't')) {
            return part(argument);
        } else if (is(line, offset, 't', 'e', 'l', 'l')) {
            return tell(argument);
        } else if (is(line, offset, 'r', 'o', 'o', 'm')) {
            return argument.isEmpty() ? new Command.Rooms()
                    : new Frame.Malformed(Problem.BAD_ARGUMENT, "room takes no argument");
        } else if (is(line, offset, 'p', 'a', 's', 's')) {
            return pass(argument);
        } else if (is(line, offset, 'k', 'i', 'c', 'k')) {
            return Moderating.kick(argument);
        } else if (is(line, offset, 'm', 'u', 't', 'e')) {
            return Moderating.mute(argument);
        } else if (is(line, offset, 'b', 'a', 'n', 's')) {
            return argument.isEmpty() ? new Command.Bans()
                    : new Frame.Malformed(Problem.BAD_ARGUMENT, "bans takes no argument");
        } else if (is(line, offset, 'u', 'n', 'b', 'n')) {
            return Moderating.unban(argument);
        }
        return new Frame.Malformed(Problem.UNKNOWN_COMMAND, "unknown command \""
                + Printable.clean(decode(line, offset, Wire.COMMAND_BYTES)) + "\"; " + COMMANDS);
    }

    /**
     * {@code name NAME} or {@code name NAME PASSWORD}. A name holds no space, so a space can only start a password;
     * but a tail shorter than the shortest password is taken as part of the name, refused as {@code invalid name
     * ... (not a space)} exactly as in version 1 ({@code name al ice}): no short tail could ever be a password.
     */
    private static Frame name(String argument) {
        int space = argument.indexOf(' ');
        if (space > 0) {
            String typed = argument.substring(space + 1);
            if (typed.codePointCount(0, typed.length()) >= Wire.MIN_PASSWORD_CHARACTERS
                    && ChatName.parse(argument.substring(0, space)) instanceof ChatName.Result.Valid(ChatName name)) {
                return Password.problemWith(typed).<Frame>map(problem -> new Frame.Malformed(Problem.BAD_ARGUMENT, problem))
                        .orElseGet(() -> new Command.Name(name, java.util.Optional.of(new Password(typed))));
            }
        }
        return switch (ChatName.parse(argument)) {
            case ChatName.Result.Valid valid -> new Command.Name(valid.name());
            case ChatName.Result.Invalid invalid ->
                    new Frame.Malformed(Problem.INVALID_NAME, "invalid name: " + invalid.reason());
        };
    }

    /** {@code pass PASSWORD}: the whole argument, spaces included, is the password. */
    private static Frame pass(String argument) {
        if (argument.isEmpty()) {
            return new Frame.Malformed(Problem.BAD_ARGUMENT, "pass takes the password for your name, e.g. pass "
                    + "correct-horse-battery (at least " + Wire.MIN_PASSWORD_CHARACTERS + " characters)");
        }
        return Password.problemWith(argument).<Frame>map(problem -> new Frame.Malformed(Problem.BAD_ARGUMENT, problem))
                .orElseGet(() -> new Command.Pass(new Password(argument)));
    }

    private static Frame text(String argument) {
        String message = Printable.clean(argument);
        if (message.isBlank()) {
            return EMPTY_MESSAGE;
        }
        return new Command.Text(message);
    }

    /** {@code hist}, {@code hist N}, {@code hist#ROOM}, {@code hist#ROOM N}. */
    private static Frame hist(String argument) {
        if (argument.startsWith("#")) {
            int space = argument.indexOf(' ');
            Frame lastLines = lastLines(space < 0 ? "" : argument.substring(space + 1));
            return inRoom(space < 0 ? argument : argument.substring(0, space), room ->
                    !(lastLines instanceof Command.Hist hist) || room.isLobby() ? lastLines
                            : new Command.RoomHist(room, hist.lastLines()));
        }
        return lastLines(argument);
    }

    private static Frame list(String argument) {
        if (argument.isEmpty()) {
            return new Command.List();
        }
        if (!argument.startsWith("#")) {
            return new Frame.Malformed(Problem.BAD_ARGUMENT, "list takes nothing or a room, e.g. list#dev");
        }
        return inRoom(argument, room -> room.isLobby() ? new Command.List() : new Command.RoomList(room));
    }

    private static Frame join(String argument) {
        return inRoom(argument, Command.Join::new);
    }

    private static Frame part(String argument) {
        return inRoom(argument, room -> room.isLobby()
                ? new Frame.Malformed(Problem.BAD_ARGUMENT, "#lobby is everyone's room: leave it with quit")
                : new Command.Part(room));
    }

    /** {@code tell#ROOM MESSAGE} or {@code tell NAME MESSAGE}; exactly one space between target and message. */
    private static Frame tell(String argument) {
        int space = argument.indexOf(' ');
        String target = space < 0 ? argument : argument.substring(0, space);
        if (target.isEmpty()) {
            return new Frame.Malformed(Problem.BAD_ARGUMENT,
                    "tell takes a room or a name, then the message: tell#dev hello, or tell bob hello");
        }
        String message = space < 0 ? "" : Printable.clean(argument.substring(space + 1));
        if (target.startsWith("#")) {
            return inRoom(target, room -> message.isBlank() ? EMPTY_MESSAGE
                    : room.isLobby() ? new Command.Text(message) : new Command.TellRoom(room, message));
        }
        return switch (ChatName.parse(target)) {
            case ChatName.Result.Invalid invalid ->
                    new Frame.Malformed(Problem.INVALID_NAME, "invalid name: " + invalid.reason());
            case ChatName.Result.Valid valid -> message.isBlank() ? EMPTY_MESSAGE
                    : new Command.TellPerson(valid.name(), message);
        };
    }

    /** What {@code command} makes of the room {@code typed} names; {@code INVALID_ROOM} when it names none. */
    private static Frame inRoom(String typed, Function<RoomName, Frame> command) {
        return switch (RoomName.parse(typed)) {
            case RoomName.Result.Invalid invalid ->
                    new Frame.Malformed(Problem.INVALID_ROOM, "invalid room: " + invalid.reason());
            case RoomName.Result.Valid(RoomName room) -> command.apply(room);
        };
    }

    private static Frame lastLines(String argument) {
        if (argument.isEmpty()) {
            return Command.Hist.all();
        }
        boolean digits = argument.length() <= Wire.MAX_HIST_DIGITS
                && argument.chars().allMatch(c -> c >= '0' && c <= '9');
        int lines = digits ? Integer.parseInt(argument) : 0;
        if (lines < 1) {
            return new Frame.Malformed(Problem.BAD_ARGUMENT,
                    "hist takes nothing or a number of lines from 1 to 999999999");
        }
        return Command.Hist.last(lines);
    }

    private static boolean is(byte[] line, int offset, char a, char b, char c, char d) {
        return line[offset] == a && line[offset + 1] == b && line[offset + 2] == c && line[offset + 3] == d;
    }

    /**
     * Invalid UTF-8 becomes U+FFFD here; control characters are dealt with by each command, and by whoever
     * quotes the raw bytes in a reason (a reason is shown to the client and logged, so it must be printable).
     */
    private static String decode(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
