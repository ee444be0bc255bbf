package org.netcatchat.client.session;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.RoomName;

/**
 * One room being joined, between the ACK of {@code join#room} and the answer to the {@code list#room} sent then:
 * the lines of the room that come in between are its join replay (and maybe its first live lines), held back to
 * be shown at once, as the lobby's are ({@link Inbound}). On a rejoin they go to a {@link CatchUp} too, which
 * finds the lines missed in the room after the last ones the user saw there.
 *
 * <p>The server replays a room's last lines ending with the member's own join notice, so the replay alone is one
 * contiguous stretch of the room's history up to now: it is the catch-up's only stretch. A room's history can
 * only be asked for by a member ({@code hist#room}), that is after the join, when its reply would mix with the
 * room's live lines; so a room does not send the {@code hist} the lobby sends before its {@code name}. When more
 * lines were missed than the server replays, the last ones seen are not in the replay, and the catch-up says
 * it is unsure (the user is told; {@code /hist} in the room shows the rest).
 *
 * <p>Not thread-safe: the connection's reader thread only.
 */
final class RoomJoin {
    private final RoomName room;
    private final Optional<CatchUp> catchUp;
    /** The newest {@link Inbound#REPLAY_KEPT} lines, as the lobby's replay keeps. */
    private final ArrayDeque<PushedLine> replay = new ArrayDeque<>();
    private long dropped;

    /** @param catchUp present on a rejoin: what to find the lines missed with */
    RoomJoin(RoomName room, Optional<CatchUp> catchUp) {
        this.room = Objects.requireNonNull(room, "room");
        this.catchUp = Objects.requireNonNull(catchUp, "catchUp");
    }

    RoomName room() {
        return room;
    }

    boolean isRejoin() {
        return catchUp.isPresent();
    }

    /** A line of this room arrived before the {@code list#room} answer. */
    void line(PushedLine line) {
        replay.addLast(line);
        if (replay.size() > Inbound.REPLAY_KEPT) {
            replay.removeFirst();
            dropped++;
        }
        catchUp.ifPresent(c -> c.joined(line.render()));
    }

    /** The lines to show now; on a rejoin the missed ones only, and whether they are exactly those. */
    Shown shown() {
        if (catchUp.isEmpty()) {
            return new Shown(List.copyOf(replay), true, dropped);
        }
        List<PushedLine> missed = catchUp.get().result().missed().stream()
                .flatMap(line -> PushedLine.parse(line).stream()).toList();
        return new Shown(missed, catchUp.get().result().sure(), 0);
    }

    /** What a join shows: the lines, whether they are exactly those missed, how many older ones were dropped. */
    record Shown(List<PushedLine> lines, boolean sure, long dropped) {
        Shown {
            lines = List.copyOf(lines);
        }
    }
}
