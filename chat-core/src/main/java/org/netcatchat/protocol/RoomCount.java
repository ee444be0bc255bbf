package org.netcatchat.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of a {@code room} reply: an open room and how many members it has.
 *
 * <pre>
 * ROOM #lobby 5
 * ROOM #dev 3
 * </pre>
 *
 * The line starts with {@code ROOM }, which no pushed line ({@code [}), error ({@code ERR }), roster
 * ({@code LIST }) or greeting line does; a room name holds no space.
 */
public record RoomCount(RoomName room, int members) {
    public static final String PREFIX = "ROOM ";

    public RoomCount {
        Objects.requireNonNull(room, "room");
        if (members < 0) {
            throw new IllegalArgumentException("members must not be negative");
        }
    }

    /** The line, without its LF. */
    public String render() {
        return PREFIX + room + " " + members;
    }

    /** Reads a {@code ROOM} line back; anything else is empty. */
    public static Optional<RoomCount> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] tokens = line.substring(PREFIX.length()).split(" ", -1);
        if (tokens.length != 2 || !(RoomName.parse(tokens[0]) instanceof RoomName.Result.Valid valid)) {
            return Optional.empty();
        }
        try {
            RoomCount count = new RoomCount(valid.room(), Integer.parseInt(tokens[1]));
            return count.render().equals(line) ? Optional.of(count) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
