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
            case PushedLine.Private message -> conversation(sameName(message.sender(), me) ? message.receiver()
                    : message.sender());
        };
    }

    /** {@code #lobby} is the lobby's window, not a room's of its own. */
    static WindowName room(RoomName room) {
        return room.isLobby() ? new Lobby() : new Room(room);
    }

    /** A name the server wrote; one that is no valid name (a hostile server) is shown in the lobby. */
    private static WindowName conversation(String peer) {
        return ChatName.parse(peer) instanceof ChatName.Result.Valid valid ? new Conversation(valid.name()) : new Lobby();
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

    /** A private conversation with {@code peer}, spelled as it was first written; "Bob" and "bob" are one. */
    record Conversation(ChatName peer) implements WindowName {
        public Conversation {
            Objects.requireNonNull(peer, "peer");
        }

        @Override
        public String label() {
            return peer.display();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Conversation that && peer.key().equals(that.peer.key());
        }

        @Override
        public int hashCode() {
            return peer.key().hashCode();
        }
    }
}
