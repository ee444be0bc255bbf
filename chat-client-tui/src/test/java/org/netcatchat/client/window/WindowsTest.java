package org.netcatchat.client.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.RoomName;

/** Opening, closing, numbering and selecting windows, and what arriving lines do to them. */
class WindowsTest {
    private static final LocalDateTime T = LocalDateTime.of(2026, 12, 7, 10, 0);
    private static final ChatName ALICE = new ChatName("alice");
    private static final WindowName LOBBY = new WindowName.Lobby();
    private static final WindowName DEV = room("dev");
    private static final WindowName OPS = room("ops");
    private static final WindowName BOB = new WindowName.Conversation(new ChatName("bob"));

    private static WindowName room(String key) {
        return new WindowName.Room(new RoomName(key));
    }

    private static List<WindowName> names(Windows windows) {
        return windows.snapshot().windows().stream().map(Window::name).toList();
    }

    @Test
    void theLobbyIsWindowOneAndInFrontAtFirst() {
        Windows windows = new Windows();

        assertThat(names(windows)).containsExactly(LOBBY);
        assertThat(windows.front()).isEqualTo(LOBBY);
    }

    @Test
    void windowsAreNumberedInTheOrderTheyOpenedAndAWindowOpensOnce() {
        Windows windows = new Windows();
        windows.open(DEV, true);
        windows.open(BOB, false);
        windows.open(DEV, false);

        assertThat(names(windows)).containsExactly(LOBBY, DEV, BOB);
        assertThat(windows.front()).isEqualTo(DEV);
    }

    @Test
    void selectingByNumberNextAndPreviousWrapAround() {
        Windows windows = new Windows();
        windows.open(DEV, false);
        windows.open(OPS, false);

        assertThat(windows.select(3)).isTrue();
        assertThat(windows.front()).isEqualTo(OPS);
        windows.next();
        assertThat(windows.front()).isEqualTo(LOBBY);
        windows.previous();
        assertThat(windows.front()).isEqualTo(OPS);
        windows.previous();
        assertThat(windows.front()).isEqualTo(DEV);
    }

    @Test
    void aNumberWithNoWindowSelectsNothing() {
        Windows windows = new Windows();
        windows.open(DEV, true);

        assertThat(windows.select(0)).isFalse();
        assertThat(windows.select(3)).isFalse();
        assertThat(windows.front()).isEqualTo(DEV);
    }

    @Test
    void closingTheFrontWindowFrontsTheOneBeforeItAndRenumbersTheRest() {
        Windows windows = new Windows();
        windows.open(DEV, false);
        windows.open(OPS, false);
        windows.open(BOB, false);
        windows.select(3);

        assertThat(windows.close(OPS)).isTrue();

        assertThat(names(windows)).containsExactly(LOBBY, DEV, BOB);
        assertThat(windows.front()).isEqualTo(DEV);
    }

    @Test
    void closingAWindowBeforeTheFrontOneKeepsTheSameWindowInFront() {
        Windows windows = new Windows();
        windows.open(DEV, false);
        windows.open(BOB, true);

        windows.close(DEV);

        assertThat(windows.front()).isEqualTo(BOB);
        assertThat(windows.snapshot().front()).isEqualTo(1);
    }

    @Test
    void theLobbyNeverClosesAndAWindowNotOpenIsNotClosed() {
        Windows windows = new Windows();

        assertThat(windows.close(LOBBY)).isFalse();
        assertThat(windows.close(DEV)).isFalse();
        assertThat(names(windows)).containsExactly(LOBBY);
    }

    @Test
    void linesCountAsUnreadOnlyOutsideTheFrontWindowAndFrontingReadsThem() {
        Windows windows = new Windows();
        windows.open(DEV, false);

        windows.arrived(new PushedLine.RoomMessage(T, new RoomName("dev"), "bob", "deploy at five"), ALICE);
        windows.arrived(new PushedLine.RoomNotice(T, new RoomName("dev"), "carol has joined #dev..."), ALICE);
        windows.arrived(new PushedLine.Message(T, "bob", "hello"), ALICE);

        assertThat(windows.snapshot().windows())
                .containsExactly(new Window(LOBBY, 0, 0), new Window(DEV, 2, 0));
        windows.select(2);
        assertThat(windows.snapshot().windows().get(1)).isEqualTo(new Window(DEV, 0, 0));
    }

    @Test
    void aPrivateLineOpensItsWindowBehindTheFrontOneAsAMention() {
        Windows windows = new Windows();

        WindowName where = windows.arrived(new PushedLine.Private(T, "Bob", "alice", "psst"), ALICE);

        assertThat(where).isEqualTo(BOB);
        assertThat(windows.front()).isEqualTo(LOBBY);
        assertThat(windows.snapshot().windows().get(1)).isEqualTo(new Window(BOB, 1, 1));
    }

    @Test
    void myOwnPrivateEchoBelongsToTheConversationWithTheReceiverAndIsNoMention() {
        Windows windows = new Windows();

        WindowName where = windows.arrived(new PushedLine.Private(T, "alice", "bob", "hi"), ALICE);

        assertThat(where).isEqualTo(BOB);
        assertThat(windows.snapshot().windows().get(1)).isEqualTo(new Window(BOB, 1, 0));
    }

    @Test
    void aLineNamingMeIsAMention() {
        Windows windows = new Windows();
        windows.open(DEV, false);

        windows.arrived(new PushedLine.RoomMessage(T, new RoomName("dev"), "bob", "Alice: review?"), ALICE);

        assertThat(windows.snapshot().windows().get(1)).isEqualTo(new Window(DEV, 1, 1));
    }

    @Test
    void aLineOfARoomWhoseWindowIsClosedGoesToTheLobbyAndReopensNothing() {
        Windows windows = new Windows();
        windows.select(1);

        WindowName where = windows.arrived(new PushedLine.RoomMessage(T, new RoomName("dev"), "bob", "late"), ALICE);

        assertThat(where).isEqualTo(LOBBY);
        assertThat(names(windows)).containsExactly(LOBBY);
    }

    @Test
    void theRoomsOpenAreWhatAReconnectRejoinsInWindowOrder() {
        Windows windows = new Windows();
        windows.open(OPS, false);
        windows.open(BOB, false);
        windows.open(DEV, false);

        assertThat(windows.rooms()).containsExactly(new RoomName("ops"), new RoomName("dev"));
    }
}
