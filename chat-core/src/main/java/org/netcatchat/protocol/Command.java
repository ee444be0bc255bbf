package org.netcatchat.protocol;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** A valid client frame. Each record validates itself, so holding one means it is well formed. */
public sealed interface Command extends Frame permits Command.Name, Command.Text, Command.Hist, Command.List, Command.Quit,
        Command.Join, Command.Part, Command.TellRoom, Command.TellPerson, Command.Rooms, Command.RoomList,
        Command.RoomHist, Command.Pass, Command.Moderation {

    /**
     * {@code name<NAME>}: join with this name, or change it; {@code name<NAME> <PASSWORD>} proves a registered name
     * (issue 18). Without a password it is the version-1 frame.
     */
    record Name(ChatName name, Optional<Password> password) implements Command {
        public Name {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(password, "password");
        }

        public Name(ChatName name) {
            this(name, Optional.empty());
        }
    }

    /** {@code pass<PASSWORD>} (joined): register the name one uses with this password, or change its password. */
    record Pass(Password password) implements Command {
        public Pass {
            Objects.requireNonNull(password, "password");
        }
    }

    /** What only an operator may do (issue 18): {@code kick}, {@code mute}, {@code bans}, {@code unbn}. */
    sealed interface Moderation extends Command permits Kick, Mute, Bans, Unban {
    }

    /**
     * {@code kick<NAME> [DURATION] [REASON]}: close NAME's connection; with a duration, ban its name and address
     * for that long.
     *
     * @param reason what NAME and the rooms are told; empty when none was given
     */
    record Kick(ChatName who, Optional<Duration> ban, String reason) implements Moderation {
        public Kick {
            Objects.requireNonNull(who, "who");
            Objects.requireNonNull(ban, "ban");
            Objects.requireNonNull(reason, "reason");
            if (ban.isPresent() && !ban.get().isPositive()) {
                throw new IllegalArgumentException("a ban lasts a positive time");
            }
            if (!Printable.isClean(reason)) {
                throw new IllegalArgumentException("reason holds control characters");
            }
        }
    }

    /** {@code mute<NAME> <DURATION>}: NAME's {@code text} and {@code tell} are refused for that long; zero lifts it. */
    record Mute(ChatName who, Duration length) implements Moderation {
        public Mute {
            Objects.requireNonNull(who, "who");
            if (length.isNegative()) {
                throw new IllegalArgumentException("a mute cannot last a negative time");
            }
        }
    }

    /** {@code bans}: the bans in force, one {@code BAN} line each. */
    record Bans() implements Moderation {
    }

    /** {@code unbn<NAME|ADDRESS>}: lift the bans of that name, or of that address ({@code 192.0.2.1}, {@code 2001:db8::/64}). */
    record Unban(String target) implements Moderation {
        public Unban {
            if (target.isBlank() || target.indexOf(' ') >= 0 || !Printable.isClean(target)) {
                throw new IllegalArgumentException("unbn takes one name or address");
            }
        }
    }

    /** {@code text<MESSAGE>}: say something to everyone. The message is already cleaned of control characters. */
    record Text(String message) implements Command {
        public Text {
            requireMessage(message);
        }
    }

    /** {@code hist} or {@code hist<N>}: the whole history, or its last N lines. */
    record Hist(OptionalInt lastLines) implements Command {
        public Hist {
            Objects.requireNonNull(lastLines, "lastLines");
            if (lastLines.isPresent() && lastLines.getAsInt() < 1) {
                throw new IllegalArgumentException("lastLines must be positive");
            }
        }

        public static Hist all() {
            return new Hist(OptionalInt.empty());
        }

        public static Hist last(int lines) {
            return new Hist(OptionalInt.of(lines));
        }
    }

    /** {@code list}: who is online, answered with one {@link Roster} line; allowed before joining too. */
    record List() implements Command {
    }

    /** {@code quit}: leave. The only command without a reply: the server closes the connection. */
    record Quit() implements Command {
    }

    // Protocol version 2. The lobby's own spellings (tell#lobby, hist#lobby, list#lobby) parse as the
    // version-1 commands above, so the lobby has one behaviour whichever way it is asked.

    /** {@code join#ROOM}: enter a room (it is created when first joined). */
    record Join(RoomName room) implements Command {
        public Join {
            Objects.requireNonNull(room, "room");
        }
    }

    /** {@code part#ROOM}: leave a room; never the lobby (the parser refuses that: one leaves it with quit). */
    record Part(RoomName room) implements Command {
        public Part {
            if (room.isLobby()) {
                throw new IllegalArgumentException("the lobby is left with quit");
            }
        }
    }

    /** {@code tell#ROOM MESSAGE}: say something in a room one is in (never the lobby: that is {@link Text}). */
    record TellRoom(RoomName room, String message) implements Command {
        public TellRoom {
            if (room.isLobby()) {
                throw new IllegalArgumentException("tell#lobby is text");
            }
            requireMessage(message);
        }
    }

    /** {@code tell NAME MESSAGE}: a private message to one person online; stored nowhere. */
    record TellPerson(ChatName to, String message) implements Command {
        public TellPerson {
            Objects.requireNonNull(to, "to");
            requireMessage(message);
        }
    }

    /** {@code room}: the open rooms and how many members each has, one {@link RoomCount} line each. */
    record Rooms() implements Command {
    }

    /** {@code list#ROOM}: who is in a room, as one {@link Roster} line (never the lobby: that is {@link List}). */
    record RoomList(RoomName room) implements Command {
        public RoomList {
            if (room.isLobby()) {
                throw new IllegalArgumentException("list#lobby is list");
            }
        }
    }

    /** {@code hist#ROOM} or {@code hist#ROOM N}: a room's history (never the lobby's: that is {@link Hist}). */
    record RoomHist(RoomName room, OptionalInt lastLines) implements Command {
        public RoomHist {
            if (room.isLobby()) {
                throw new IllegalArgumentException("hist#lobby is hist");
            }
            new Hist(lastLines); // the same rule for N
        }
    }

    private static void requireMessage(String message) {
        if (message.isBlank()) {
            throw new IllegalArgumentException("blank message");
        }
        if (!Printable.isClean(message)) {
            throw new IllegalArgumentException("message holds control characters");
        }
    }
}
