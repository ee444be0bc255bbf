package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.RoomCount;
import org.netcatchat.protocol.RoomName;
import org.netcatchat.protocol.Roster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is in each named room, wherever the chat runs: what {@code list#room} and {@code room} answer. A room's
 * {@link Members} know only this server's members (the ones it delivers to); a cluster's rooms have members on
 * every node, so the whole roster is kept apart from them: in a map on a single server ({@link LocalRoomRosters}),
 * in Redis on a cluster. {@link Rooms} seats a member here before its join notice is appended and unseats it
 * after its part or leave. Thread-safe.
 */
public interface RoomRosters {
    /**
     * The member {@code connection} of this server, named {@code as}, is in the room from now on.
     *
     * @throws IOException when that cannot be recorded: the member does not join
     */
    void seated(RoomName room, long connection, ChatName as) throws IOException;

    /** It is no longer in the room; a failure is logged, never thrown. */
    void unseated(RoomName room, long connection);

    /** It is known by another name in the room from now on; a failure is logged, never thrown. */
    void renamed(RoomName room, long connection, ChatName to);

    /** Who is in the room: how many, and the first {@link Roster#MAX_LISTED_NAMES} names, sorted. */
    Roster roster(RoomName room) throws IOException;

    /** Every room with a member, with its member count, in no particular order. */
    List<RoomCount> counts() throws IOException;

    /** The roster of everyone named: all counted, the first {@link Roster#MAX_LISTED_NAMES} in sorted order listed. */
    static Roster of(List<String> names) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(String.CASE_INSENSITIVE_ORDER);
        return new Roster(sorted.size(), sorted.subList(0, Math.min(sorted.size(), Roster.MAX_LISTED_NAMES)));
    }
}
