package org.netcatchat.client.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.client.fixtures.TmuxClient;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;

/**
 * The windows of the terminal client (rooms and private conversations) in a real terminal (tmux), against the real
 * server jar serving protocol version 2. The other side of every conversation is a raw wire client, so what the
 * client sent is checked byte for byte, as the server relayed it. Each test has a server of its own, and checks
 * that the terminal is given back exactly as it was ({@code stty -a}) on its way out.
 */
class RoomWindowsIT {
    @TempDir
    Path serverDir;
    @TempDir
    Path paneDir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private ServerProcess server;

    @BeforeAll
    static void needTmux() {
        TmuxClient.requireTmux();
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void joinOpensTheRoomsWindowInFrontAndALineTypedGoesToTheWindowInFront() {
        server = ServerProcess.start(serverDir);
        WireClient bob = wire("bob");
        say(bob, "join#dev");
        TmuxClient alice = joined("alice");
        alice.awaitScreenContaining("Online (2): alice, bob");

        alice.type("/join #dev").press("Enter");
        String screen = alice.awaitScreenContaining("You joined #dev.");
        alice.awaitScreen("the status line with #dev in front", s -> status(alice).equals("1 #lobby  [2 #dev]"));
        alice.awaitScreenContaining("In #dev (2): alice, bob");
        assertThat(screen).contains("\u2014 earlier in #dev \u2014", "#dev * alice has joined #dev...")
                .doesNotContain("You joined as alice."); // the lobby's lines are the lobby window's
        bob.awaitLineContaining("#dev alice has joined #dev...");

        alice.type("hello dev").press("Enter");
        assertThat(bob.awaitLineContaining("[alice]:hello dev")).endsWith("]#dev[alice]:hello dev");
        alice.awaitScreen("the echo in #dev", s -> s.lines().anyMatch(l -> l.endsWith(" #dev alice: hello dev")));

        say(bob, "text a line for the lobby");
        alice.awaitScreen("the lobby's unread count", s -> status(alice).equals("1 #lobby (1)  [2 #dev]"));
        assertThat(alice.screen()).doesNotContain("a line for the lobby");

        alice.press("M-1");
        alice.awaitScreen("the lobby in front", s -> status(alice).equals("[1 #lobby]  2 #dev"));
        alice.awaitScreen("the lobby's line", s -> s.lines().anyMatch(l -> l.endsWith(" bob: a line for the lobby")));
        assertThat(alice.screen()).contains("You joined as alice.").doesNotContain("hello dev");
        alice.type("hello lobby").press("Enter");
        assertThat(bob.awaitLineContaining("hello lobby")).endsWith("][alice]:hello lobby");

        quitLeavingTheTerminalAsItWas(alice);
    }

    @Test
    void altDigitsCtrlNCtrlPAndWinSwitchWindowsAndTheStatusLineCountsUnreadLinesAndMentions() {
        server = ServerProcess.start(serverDir);
        WireClient bob = wire("bob");
        say(bob, "join#dev");
        TmuxClient alice = joined("alice");
        joinRoom(alice, "#dev");
        joinRoom(alice, "#ops");
        alice.awaitScreen("three windows", s -> status(alice).equals("1 #lobby  2 #dev  [3 #ops]"));

        say(bob, "tell#dev a plain line");
        alice.awaitScreen("one unread in #dev", s -> status(alice).equals("1 #lobby  2 #dev (1)  [3 #ops]"));
        say(bob, "tell#dev alice: a line for you");
        alice.awaitScreen("a mention in #dev", s -> status(alice).equals("1 #lobby  2 #dev (2!1)  [3 #ops]"));
        alice.awaitBells(1);
        assertThat(alice.screen()).doesNotContain("a plain line", "a line for you");

        alice.press("M-1");
        alice.awaitScreen("the lobby in front", s -> status(alice).equals("[1 #lobby]  2 #dev (2!1)  3 #ops"));
        assertThat(alice.screen()).contains("You joined as alice.");
        alice.press("C-n");
        alice.awaitScreen("#dev in front, read", s -> status(alice).equals("1 #lobby  [2 #dev]  3 #ops"));
        String dev = alice.awaitScreen("#dev's lines", s -> s.contains("#dev bob: alice: a line for you"));
        assertThat(dev).contains("#dev bob: a plain line").doesNotContain("You joined as alice.", "You joined #ops.");
        alice.press("C-n");
        alice.awaitScreen("#ops in front", s -> status(alice).equals("1 #lobby  2 #dev  [3 #ops]"));
        alice.press("C-n");
        alice.awaitScreen("the lobby again, around the end", s -> status(alice).equals("[1 #lobby]  2 #dev  3 #ops"));
        alice.press("C-p");
        alice.awaitScreen("#ops, around the start", s -> status(alice).equals("1 #lobby  2 #dev  [3 #ops]"));
        alice.type("/win 2").press("Enter");
        alice.awaitScreen("/win 2", s -> status(alice).equals("1 #lobby  [2 #dev]  3 #ops"));
        alice.press("M-3");
        alice.awaitScreen("Alt+3", s -> status(alice).equals("1 #lobby  2 #dev  [3 #ops]"));
        alice.type("/join #DEV").press("Enter"); // already in it: its window comes to front, nothing is sent
        alice.awaitScreen("/join of a room joined", s -> status(alice).equals("1 #lobby  [2 #dev]  3 #ops"));
        alice.press("M-3");
        alice.awaitScreen("Alt+3 again", s -> status(alice).equals("1 #lobby  2 #dev  [3 #ops]"));
        assertThat(alice.screen()).doesNotContain("already in");
        alice.type("/win 7").press("Enter");
        alice.awaitScreenContaining("error: no window 7; the status line shows the windows open");
        alice.press("M-9"); // no window 9: nothing happens
        alice.type("typed in #ops").press("Enter");
        alice.awaitScreen("the echo in #ops", s -> s.lines().anyMatch(l -> l.endsWith(" #ops alice: typed in #ops")));
        assertThat(status(alice)).isEqualTo("1 #lobby  2 #dev  [3 #ops]");

        quitLeavingTheTerminalAsItWas(alice);
    }

    @Test
    void msgOpensAPrivateWindowAndTheReplyArrivesInIt() {
        server = ServerProcess.start(serverDir);
        WireClient bob = wire("bob");
        WireClient carol = wire("carol");
        TmuxClient alice = joined("alice");
        alice.awaitScreenContaining("Online (3): alice, bob, carol");

        alice.type("/msg bob psst, a secret").press("Enter");
        assertThat(bob.awaitLineContaining("psst")).endsWith("]*[alice>bob]:psst, a secret");
        alice.awaitScreen("bob's window in front", s -> status(alice).equals("1 #lobby  [2 bob]"));
        alice.awaitScreen("the echo", s -> s.lines().anyMatch(l -> l.endsWith(" (private) alice > bob: psst, a secret")));

        say(bob, "tell alice a secret reply");
        alice.awaitScreen("bob's reply", s -> s.lines().anyMatch(l -> l.endsWith(" (private) bob > alice: a secret reply")));
        alice.type("and a plain line").press("Enter");
        assertThat(bob.awaitLineContaining("a plain line")).endsWith("]*[alice>bob]:and a plain line");
        assertThat(carol.request("list")).as("what carol got meanwhile").noneMatch(l -> l.contains(">bob]"));

        say(carol, "tell alice may I join?");
        alice.awaitScreen("carol's window, behind", s -> status(alice).equals("1 #lobby  [2 bob]  3 carol (1!1)"));
        assertThat(alice.screen()).doesNotContain("may I join?");
        alice.press("M-3");
        alice.awaitScreen("carol's line", s -> s.lines().anyMatch(l -> l.endsWith(" (private) carol > alice: may I join?")));

        alice.type("/part").press("Enter"); // in a private window: closes it, sends nothing
        alice.awaitScreen("carol's window closed", s -> status(alice).equals("1 #lobby  [2 bob]"));
        say(carol, "list"); // carol's connection is quiet: nothing came from alice's /part
        carol.assertExhausted();

        quitLeavingTheTerminalAsItWas(alice);
    }

    @Test
    void partLeavesTheRoomInFrontAndClosesItsWindow() {
        server = ServerProcess.start(serverDir);
        WireClient bob = wire("bob");
        say(bob, "join#dev");
        TmuxClient alice = joined("alice");
        joinRoom(alice, "#dev");
        bob.awaitLineContaining("#dev alice has joined #dev...");

        alice.type("/part").press("Enter");
        assertThat(bob.awaitLineContaining("has left")).endsWith("]#dev alice has left #dev...");
        alice.awaitScreenContaining("You left #dev.");
        // The lobby alone again: no status line, the prompt is the last line and the one above it a chat line.
        alice.awaitScreen("no status line", s -> !s.contains("[1 #lobby]") && alice.lastLine().equals("alice>"));

        say(bob, "tell#dev alice is gone");
        alice.type("back in the lobby").press("Enter");
        assertThat(bob.awaitLineContaining("back in the lobby")).endsWith("][alice]:back in the lobby");
        alice.awaitScreen("the echo in the lobby", s -> s.lines().anyMatch(l -> l.endsWith(" alice: back in the lobby")));
        assertThat(alice.screen()).doesNotContain("alice is gone");

        alice.type("/part #ops").press("Enter");
        alice.awaitScreenContaining("error: not in #ops");

        quitLeavingTheTerminalAsItWas(alice);
    }

    /**
     * The server restarts (same port, same history folder) while alice is in two rooms. Her client is stopped
     * (SIGSTOP) from before the old server closes until lines have been said in both rooms and the lobby on the new
     * one, so those lines are certainly said while she is away and before she reconnects; once resumed it finds the
     * connection closed, reconnects and rejoins. Each window must then hold every line of its room's history file
     * exactly once, in order: what she saw, then exactly what she missed.
     */
    @Test
    void aServerRestartRejoinsEveryRoomAndEachWindowShowsExactlyTheLinesMissedThere() {
        server = ServerProcess.start(serverDir);
        WireClient bob = wire("bob");
        say(bob, "join#dev");
        say(bob, "join#ops");
        TmuxClient alice = joined("alice");
        joinRoom(alice, "#dev");
        joinRoom(alice, "#ops");
        say(bob, "tell#dev before, in dev");
        say(bob, "tell#ops before, in ops");
        say(bob, "text before, in the lobby");
        alice.awaitScreen("the lines before", s -> status(alice).equals("1 #lobby (1)  2 #dev (1)  [3 #ops]")
                && s.contains("#ops bob: before, in ops"));
        alice.press("M-2");
        alice.awaitScreen("#dev in front", s -> status(alice).equals("1 #lobby (1)  [2 #dev]  3 #ops"));

        alice.signalClient("STOP");
        bob.close();
        server = server.restart();
        WireClient bob2 = wire("bob");
        say(bob2, "join#dev");
        say(bob2, "join#ops");
        say(bob2, "tell#dev missed in dev, 1");
        say(bob2, "tell#dev missed in dev, 2");
        say(bob2, "tell#ops missed in ops");
        say(bob2, "text missed in the lobby");
        alice.signalClient("CONT");

        alice.awaitScreenContaining("Rejoined #dev.");
        bob2.awaitLineContaining("#ops alice has joined #ops...");
        // #dev still in front; what was missed in the lobby and #ops counts as unread there.
        alice.awaitScreen("the windows after the rejoin",
                s -> status(alice).matches("1 #lobby \\([1-9]\\d*\\)  \\[2 #dev\\]  3 #ops \\([1-9]\\d*\\)"));
        String dev = alice.awaitScreenContaining("In #dev (2): alice, bob");
        assertThat(dev).contains("\u2014 while you were away \u2014").doesNotContain("Could not tell");
        assertThat(roomLines(dev, "#dev")).containsExactlyElementsOf(shown(roomFile("dev")))
                .contains("#dev bob: before, in dev", "#dev bob: missed in dev, 1", "#dev bob: missed in dev, 2");

        alice.press("M-3");
        String ops = alice.awaitScreen("#ops in front, rejoined", s -> status(alice).contains("[3 #ops]")
                && s.contains("Rejoined #ops."));
        assertThat(ops).contains("\u2014 while you were away \u2014").doesNotContain("Could not tell");
        assertThat(roomLines(ops, "#ops")).containsExactlyElementsOf(shown(roomFile("ops")))
                .contains("#ops bob: before, in ops", "#ops bob: missed in ops");

        alice.press("M-1");
        String lobby = alice.awaitScreen("the lobby in front", s -> status(alice).startsWith("[1 #lobby]")
                && s.contains("Reconnected as alice."));
        assertThat(lobby.lines().filter(l -> l.endsWith(" bob: before, in the lobby"))).hasSize(1);
        assertThat(lobby.lines().filter(l -> l.endsWith(" bob: missed in the lobby"))).hasSize(1);
        assertThat(lobby).doesNotContain("Could not tell", "could not rejoin");

        alice.type("after the restart").press("Enter");
        assertThat(bob2.awaitLineContaining("after the restart")).endsWith("][alice]:after the restart");
        quitLeavingTheTerminalAsItWas(alice);
    }

    @Test
    void ctrlDWithARoomInFrontLeavesTheTerminalAsItWas() {
        server = ServerProcess.start(serverDir);
        WireClient bob = wire("bob");
        say(bob, "join#dev");
        TmuxClient alice = joined("alice");
        joinRoom(alice, "#dev");

        alice.press("C-d");

        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.screen()).contains("You left the chat.");
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
        assertThat(bob.awaitLineContaining("#dev alice has left")).endsWith("]#dev alice has left our chat...");
    }

    @Test
    void ctrlCWithAPrivateWindowInFrontLeavesTheTerminalAsItWas() {
        server = ServerProcess.start(serverDir);
        wire("bob");
        TmuxClient alice = joined("alice");
        alice.type("/msg bob").press("Enter");
        alice.awaitScreen("bob's window", s -> status(alice).equals("1 #lobby  [2 bob]"));
        alice.type("never sent");

        alice.press("C-c");

        assertThat(alice.awaitExit()).isEqualTo(130);
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    /** The status line: the line above the input line, once a second window is open. */
    private static String status(TmuxClient client) {
        List<String> lines = client.screen().lines().toList();
        return lines.size() < 2 ? "" : lines.get(lines.size() - 2);
    }

    private static void joinRoom(TmuxClient client, String room) {
        client.type("/join " + room).press("Enter");
        client.awaitScreen(room + " joined, in front", s -> s.contains("You joined " + room + ".")
                && status(client).endsWith(" " + room + "]"));
    }

    /** The lines of {@code room} on the screen, without their time: what the window shows of the room's history. */
    private static List<String> roomLines(String screen, String room) {
        return screen.lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d " + java.util.regex.Pattern.quote(room) + " .*"))
                .map(l -> l.substring("00:00:00 ".length())).toList();
    }

    /** A room's history file's lines as the window shows them (without the time): {@code #dev bob: hi}, {@code #dev * ...}. */
    private static List<String> shown(List<String> fileLines) {
        return fileLines.stream().map(line -> {
            String rest = line.substring("[2026-12-07 10:00:00]".length());
            int bracket = rest.indexOf('[');
            int space = rest.indexOf(' ');
            if (bracket > 0 && (space < 0 || bracket < space)) {
                int close = rest.indexOf("]:");
                return rest.substring(0, bracket) + " " + rest.substring(bracket + 1, close) + ": " + rest.substring(close + 2);
            }
            return rest.substring(0, space) + " * " + rest.substring(space + 1);
        }).toList();
    }

    private List<String> roomFile(String key) {
        try {
            return Files.readAllLines(serverDir.resolve("rooms").resolve(key + ".txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code line} and waits for its answer; fails on an {@code ERR}. Pushed lines before it are dropped. */
    private static void say(WireClient client, String line) {
        List<String> reply = client.request(line);
        assertThat(reply).as("the answer to %s", line).noneMatch(l -> l.startsWith("ERR "));
    }

    private static void quitLeavingTheTerminalAsItWas(TmuxClient client) {
        client.type("/quit").press("Enter");
        assertThat(client.awaitExit()).isZero();
        assertThat(client.screen()).contains("You left the chat.");
        assertThat(client.sttyAfter()).isEqualTo(client.sttyBefore());
    }

    private WireClient wire(String name) {
        WireClient client = WireClient.connect(server.port());
        open.add(client);
        client.awaitGreeting();
        client.join(name);
        return client;
    }

    private TmuxClient joined(String name) {
        Path pane = paneDir.resolve(name);
        try {
            Files.createDirectories(pane);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TmuxClient client = TmuxClient.start(pane, List.of(),
                List.of("--name", name, "127.0.0.1", Integer.toString(server.port())));
        open.add(client);
        return client.acceptName(name);
    }
}
