package org.netcatchat.protocol;

import java.util.Objects;

/**
 * A room: {@code #} and a name that obeys the rules of a person's name ({@link ChatName}), compared the way names
 * are (NFKC, case-folded), so {@code #Dev} and {@code #dev} are one room. A room is always shown by that folded
 * key: whoever typed {@code join#Dev} is in {@code #dev}, and every line, reply and file says {@code #dev}, so a
 * program can match rooms by their bytes. {@code #lobby} is the room of protocol version 1. Immutable.
 */
public record RoomName(String key) {
    public static final char PREFIX = '#';
    /** The room every member with a name is in: version 1's only room. */
    public static final RoomName LOBBY = new RoomName("lobby");

    public RoomName {
        Objects.requireNonNull(key, "key");
        if (!isFolded(key)) {
            throw new IllegalArgumentException("not a folded room name: " + key);
        }
    }

    /** What a client typed, {@code #} included; a reason when it is not a room. */
    public static Result parse(String typed) {
        if (typed.isEmpty() || typed.charAt(0) != PREFIX) {
            return new Result.Invalid("a room name starts with #, e.g. #dev");
        }
        return switch (ChatName.parse(typed.substring(1))) {
            case ChatName.Result.Invalid invalid -> new Result.Invalid(invalid.reason().replace("a name", "a room name"));
            case ChatName.Result.Valid valid -> {
                String key = valid.name().key();
                // Folding can lengthen a name ("ß" is "ss"): a key that is no valid name any more is refused.
                yield isFolded(key) ? new Result.Valid(new RoomName(key))
                        : new Result.Invalid("a room name has at most " + Wire.MAX_NAME_CHARACTERS
                        + " characters once case-folded");
            }
        };
    }

    /** Whether {@code key} is a valid name that is its own key: what a room is known by. */
    private static boolean isFolded(String key) {
        return ChatName.parse(key) instanceof ChatName.Result.Valid valid && valid.name().key().equals(key);
    }

    public boolean isLobby() {
        return equals(LOBBY);
    }

    /** {@code #dev}. */
    @Override
    public String toString() {
        return PREFIX + key;
    }

    /** The outcome of {@link #parse}: a room, or why not. */
    public sealed interface Result {
        record Valid(RoomName room) implements Result {
        }

        record Invalid(String reason) implements Result {
        }
    }
}
