package org.netcatchat.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.RoomName;

/** What joining a room shows: its replay the first time, exactly the lines missed on a rejoin. */
class RoomJoinTest {
    private static final RoomName DEV = new RoomName("dev");

    private static PushedLine line(int minute, String text) {
        return new PushedLine.RoomMessage(LocalDateTime.of(2026, 12, 7, 10, minute), DEV, "bob", text);
    }

    private static final PushedLine A = line(1, "a");
    private static final PushedLine B = line(2, "b");
    private static final PushedLine C = line(3, "c");
    private static final PushedLine D = line(4, "d");
    private static final PushedLine JOINED = PushedLine.RoomNotice.joined(LocalDateTime.of(2026, 12, 7, 10, 5), DEV,
            new org.netcatchat.protocol.ChatName("alice"));

    private static RoomJoin received(Optional<CatchUp> catchUp, PushedLine... lines) {
        RoomJoin join = new RoomJoin(DEV, catchUp);
        for (PushedLine line : lines) {
            join.line(line);
        }
        return join;
    }

    private static Optional<CatchUp> seen(PushedLine... lines) {
        return Optional.of(new CatchUp(java.util.Arrays.stream(lines).map(PushedLine::render).toList()));
    }

    @Test
    void aFirstJoinShowsTheWholeReplay() {
        RoomJoin join = received(Optional.empty(), A, B, JOINED);

        assertThat(join.isRejoin()).isFalse();
        assertThat(join.shown()).isEqualTo(new RoomJoin.Shown(List.of(A, B, JOINED), true, 0));
    }

    @Test
    void aRejoinShowsOnlyTheLinesAfterTheLastOnesSeenInTheRoom() {
        RoomJoin join = received(seen(A, B), A, B, C, D, JOINED);

        assertThat(join.isRejoin()).isTrue();
        assertThat(join.shown()).isEqualTo(new RoomJoin.Shown(List.of(C, D, JOINED), true, 0));
    }

    @Test
    void aRejoinWithNothingMissedShowsOnlyTheOwnJoinNotice() {
        assertThat(received(seen(A, B, C), A, B, C, JOINED).shown().lines()).containsExactly(JOINED);
    }

    @Test
    void moreMissedThanTheReplayHoldsIsShownAllAndUnsure() {
        RoomJoin join = received(seen(A), C, D, JOINED);

        assertThat(join.shown()).isEqualTo(new RoomJoin.Shown(List.of(C, D, JOINED), false, 0));
    }

    @Test
    void aFirstJoinKeepsOnlyTheNewestLinesOfAHugeReplayAndCountsTheRest() {
        RoomJoin join = new RoomJoin(DEV, Optional.empty());
        for (int i = 0; i < Inbound.REPLAY_KEPT + 3; i++) {
            join.line(A);
        }

        assertThat(join.shown().lines()).hasSize(Inbound.REPLAY_KEPT);
        assertThat(join.shown().dropped()).isEqualTo(3);
    }
}
