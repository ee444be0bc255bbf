package org.netcatchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pushed lines of protocol version 2, and the {@code ROOM} reply line: each reads back as itself only. */
class RoomLinesTest {
    private static final LocalDateTime AT = LocalDateTime.of(2026, 12, 7, 10, 0, 0);
    private static final RoomName DEV = new RoomName("dev");
    private static final ChatName ALICE = new ChatName("alice");

    @Test
    void roomAndPrivateLinesRenderWithTheTimeThenWhatTheyAre() {
        assertThat(new PushedLine.RoomMessage(AT, DEV, "alice", "deploy at five").render())
                .isEqualTo("[2026-12-07 10:00:00]#dev[alice]:deploy at five");
        assertThat(PushedLine.RoomNotice.joined(AT, DEV, ALICE).render())
                .isEqualTo("[2026-12-07 10:00:00]#dev alice has joined #dev...");
        assertThat(PushedLine.RoomNotice.parted(AT, DEV, ALICE).render())
                .isEqualTo("[2026-12-07 10:00:00]#dev alice has left #dev...");
        assertThat(PushedLine.RoomNotice.left(AT, DEV, ALICE).render())
                .isEqualTo("[2026-12-07 10:00:00]#dev alice has left our chat...");
        assertThat(PushedLine.RoomNotice.droppedTooSlow(AT, DEV, ALICE).render())
                .isEqualTo("[2026-12-07 10:00:00]#dev alice was disconnected: too slow to keep up...");
        assertThat(new PushedLine.Private(AT, "alice", "bob", "hi").render())
                .isEqualTo("[2026-12-07 10:00:00]*[alice>bob]:hi");
    }

    @Test
    void everyKindReadsBackAsItselfAndNeverAsAnother() {
        List<PushedLine> lines = List.of(
                new PushedLine.RoomMessage(AT, DEV, "alice", "hello"),
                new PushedLine.RoomMessage(AT, DEV, "al-.ice", "[bob]:not bob"),
                new PushedLine.RoomMessage(AT, new RoomName("a.b_c-9"), "李", "*[x>y]:not private"),
                PushedLine.RoomNotice.joined(AT, DEV, ALICE),
                new PushedLine.RoomNotice(AT, DEV, "[alice]:not a message"),
                new PushedLine.Private(AT, "alice", "bob", "hi"),
                new PushedLine.Private(AT, "a-", "-b", "#dev[x]:not a room line"),
                new PushedLine.Private(AT, "alice", "alice", "a note to self"),
                new PushedLine.Message(AT, "alice", "#dev[bob]:a lobby line"),
                new PushedLine.Notice(AT, "#dev alice has joined #dev..."));

        for (PushedLine line : lines) {
            assertThat(PushedLine.parse(line.render())).as(line.render()).contains(line);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "[2026-12-07 10:00:00]#",
        "[2026-12-07 10:00:00]#dev",
        "[2026-12-07 10:00:00]#Dev[alice]:unfolded room",
        "[2026-12-07 10:00:00]#d!ev[alice]:hi",
        "[2026-12-07 10:00:00]#dev[alice]hi",
        "[2026-12-07 10:00:00]#dev[]:hi",
        "[2026-12-07 10:00:00]*",
        "[2026-12-07 10:00:00]*[alice]:no receiver",
        "[2026-12-07 10:00:00]*[>bob]:no sender",
        "[2026-12-07 10:00:00]*[alice>]:no receiver",
        "[2026-12-07 10:00:00]*alice>bob:hi",
    })
    void malformedRoomAndPrivateLinesAreNotPushedLines(String line) {
        assertThat(PushedLine.parse(line)).isEmpty();
    }

    @Test
    void aRoomCountLineReadsBackAndNothingElseDoes() {
        RoomCount dev = new RoomCount(DEV, 3);

        assertThat(dev.render()).isEqualTo("ROOM #dev 3");
        assertThat(RoomCount.parse("ROOM #dev 3")).contains(dev);
        assertThat(RoomCount.parse("ROOM #lobby 0")).contains(new RoomCount(RoomName.LOBBY, 0));
        for (String other : List.of("ROOM #Dev 3", "ROOM dev 3", "ROOM #dev", "ROOM #dev -1", "ROOM #dev 03",
                "ROOM #dev 3 x", "LIST 3 alice", "[2026-12-07 10:00:00]#dev x", "ROOM  #dev 3")) {
            assertThat(RoomCount.parse(other)).as(other).isEmpty();
        }
    }

    @Test
    void aRoomIsShownByItsFoldedKey() {
        assertThat(RoomName.parse("#Dev")).isEqualTo(new RoomName.Result.Valid(DEV));
        assertThat(RoomName.parse("#ＤＥＶ")).isEqualTo(new RoomName.Result.Valid(DEV));
        assertThat(RoomName.parse("#Straße")).isEqualTo(new RoomName.Result.Valid(new RoomName("strasse")));
        assertThat(RoomName.parse("#LOBBY")).isEqualTo(new RoomName.Result.Valid(RoomName.LOBBY));
        assertThat(RoomName.parse("dev")).isInstanceOf(RoomName.Result.Invalid.class);
        assertThat(RoomName.parse("#" + "ß".repeat(17))).isInstanceOf(RoomName.Result.Invalid.class);
    }
}
