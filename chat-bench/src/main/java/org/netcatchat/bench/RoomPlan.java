package org.netcatchat.bench;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Which room each connection of a run is in. Immutable.
 *
 * <p>{@link #ONE_ROOM}: every connection in the dialect's one room (our lobby, protocol version 1; IRC's
 * {@code --channel}), as S1..S6 run. Otherwise {@code count} rooms named {@code #room0}, {@code #room1}, ...:
 * connection {@code i} is in {@code #room(i mod count)}. Dealt round-robin, so the first connections (the
 * senders) are one per room while there are no more senders than rooms, and, since the count must divide the
 * connections, every room has as many members as every other: a message has one fan-out, whoever sends it.
 *
 * @param count rooms; 0 for the dialect's one room
 */
record RoomPlan(int count) {
    static final RoomPlan ONE_ROOM = new RoomPlan(0);
    /** The rooms' names: {@code #room} and the room's number. Already folded, so both servers show them as sent. */
    static final String PREFIX = "#room";

    RoomPlan {
        if (count < 0) {
            throw new IllegalArgumentException("--rooms must be 0 (one room) or more");
        }
    }

    boolean isOneRoom() {
        return count == 0;
    }

    /** How many rooms the connections are in: the one room counts as one. */
    int rooms() {
        return Math.max(1, count);
    }

    /** The number of the room connection {@code connection} is in, from 0. */
    int roomOf(int connection) {
        return isOneRoom() ? 0 : connection % count;
    }

    /** Whether the two connections are in the same room: whether one receives what the other sends. */
    boolean together(int connection, int other) {
        return roomOf(connection) == roomOf(other);
    }

    /** Members of each room when {@code connections} are dealt; the plan must {@link #fits} them. */
    int members(int connections) {
        return connections / rooms();
    }

    /** Whether every room gets at least one of {@code connections}, and every room as many as every other. */
    boolean fits(int connections) {
        return connections >= rooms() && connections % rooms() == 0;
    }

    String name(int room) {
        return PREFIX + room;
    }

    /** The dialect each room is spoken in, by room number: {@code base} itself for the one room. */
    List<Dialect> dialects(Dialect base) {
        return isOneRoom() ? List.of(base) : IntStream.range(0, count).mapToObj(r -> base.inRoom(name(r))).toList();
    }
}
