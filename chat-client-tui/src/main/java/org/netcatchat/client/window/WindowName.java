package org.netcatchat.client.window;

import java.util.Objects;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.RoomName;

/**
 * What a window shows: the lobby (version 1's chat), one room, or one private conversation. Immutable.
 * A conversation is one person whatever the case they are written in ({@link ChatName#key}).
 */
public sealed interface WindowName permits WindowName.Lobby, WindowName.Room, WindowName.Conversation {

    /** Where {@code line} is shown, for a user named {@code me}: every line belongs to exactly one window. */
    static WindowName of(PushedLine line, ChatName me) {
        return switch (line) {
            case PushedLine.Message message -> new Lobby();
            case PushedLine.Notice notice -> new Lobby();
            case PushedLine.RoomMessage message -> room(message.room());
            case PushedLine.RoomNotice notice -> room(notice.room());
            case PushedLine.Private message -> new Conversation(
                    sameName(message.sender(), me) ? message.receiver() : message.sender());
        };
    }

    /** {@code #lobby} is the lobby's window, not a room's of its own. */
    static WindowName room(RoomName room) {
        return room.isLobby() ? new Lobby() : new Room(room);
    }

    private static boolean sameName(String name, ChatName me) {
        return ChatName.parse(name) instanceof ChatName.Result.Valid valid && valid.name().key().equals(me.key());
    }

    /** How the status line names it: {@code #lobby}, {@code #dev}, {@code bob}. */
    String label();

    record Lobby() implements WindowName {
        @Override
        public String label() {
            return RoomName.LOBBY.toString();
        }
    }

    record Room(RoomName room) implements WindowName {
        public Room {
            Objects.requireNonNull(room, "room");
            if (room.isLobby()) {
                throw new IllegalArgumentException("#lobby is the Lobby window");
            }
        }

        @Override
        public String label() {
            return room.toString();
        }
    }

    /** A private conversation with {@code peer}, named as the server last wrote them. */
    record Conversation(String peer) implements WindowName {
        public Conversation {
            Objects.requireNonNull(peer, "peer");
        }

        /** One conversation per person: "Bob" and "bob" are one window. */
        String key() {
            return ChatName.parse(peer) instanceof ChatName.Result.Valid valid ? valid.name().key() : peer;
        }

        @Override
        public String label() {
            return peer;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Conversation that && key().equals(that.key());
        }

        @Override
        public int hashCode() {
            return key().hashCode();
        }
    }
}
