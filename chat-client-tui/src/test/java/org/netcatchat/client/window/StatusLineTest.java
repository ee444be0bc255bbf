package org.netcatchat.client.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.RoomName;

/** The status line's text and which segments stand out. */
class StatusLineTest {
    private static final Window LOBBY = new Window(new WindowName.Lobby(), 0, 0);

    @Test
    void theFrontWindowIsBracketedAndTheOthersShowUnreadAndMentions() {
        Windows.Snapshot snapshot = new Windows.Snapshot(List.of(
                LOBBY,
                new Window(new WindowName.Room(new RoomName("dev")), 3, 0),
                new Window(new WindowName.Conversation(new ChatName("bob")), 2, 1),
                new Window(new WindowName.Room(new RoomName("ops")), 0, 0)), 0);

        assertThat(StatusLine.text(snapshot)).isEqualTo("[1 #lobby]  2 #dev (3)  3 bob (2!1)  4 #ops");
        assertThat(StatusLine.segments(snapshot)).extracting(StatusLine.Segment::front, StatusLine.Segment::mentioned)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(true, false),
                        org.assertj.core.groups.Tuple.tuple(false, false),
                        org.assertj.core.groups.Tuple.tuple(false, true),
                        org.assertj.core.groups.Tuple.tuple(false, false));
    }

    @Test
    void aLoneLobbyIsOneBracketedWindow() {
        assertThat(StatusLine.text(new Windows.Snapshot(List.of(LOBBY), 0))).isEqualTo("[1 #lobby]");
    }
}
