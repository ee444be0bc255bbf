package org.netcatchat.client.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.client.fixtures.ClientProcess;
import org.netcatchat.client.fixtures.TmuxClient;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.testing.ServerProcess;

/**
 * Chatting as people expect, in a real terminal (tmux) against the real server jar: reconnecting, the replay
 * markers, names. Each test has a server of its own (some restart or kill it), and checks that the terminal is
 * given back exactly as it was ({@code stty -a}) on its way out.
 */
class ChattingIT {
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
    void aServerRestartIsSurvivedWithTheDraftKeptAndEveryLineShownOnce() {
        server = ServerProcess.start(serverDir);
        TmuxClient alice = joined("alice");
        alice.type("said before the restart").press("Enter");
        alice.awaitScreen("the echo", s -> s.contains("alice: said before the restart"));
        alice.type("a draft, typed but not sent");

        server = server.restart();
        alice.awaitScreenContaining("error: disconnected: the server closed the connection");
        ClientProcess pia = observer("pia");
        pia.type("said while alice may be away");
        pia.stdout().nextMatching(line -> line.endsWith("[pia]:said while alice may be away"));

        alice.awaitScreenContaining("Reconnected as alice.");
        String screen = alice.awaitScreenContaining("pia: said while alice may be away");
        assertThat(screen.lines().filter(line -> line.endsWith("alice: said before the restart"))).hasSize(1);
        assertThat(screen.lines().filter(line -> line.endsWith("pia: said while alice may be away"))).hasSize(1);
        assertThat(screen).doesNotContain("Could not tell", "name alice");
        assertThat(screen.lines().filter(line -> line.startsWith("Welcome to netcat-chat"))).hasSize(1);
        // Awaited, not read once: pia's line is printed above the input line in two flushes, the second of
        // which redraws the prompt and the draft.
        alice.awaitScreen("the draft kept on the input line", s -> alice.lastLine().equals("alice> a draft, typed but not sent"));

        alice.press("Enter");
        pia.stdout().nextMatching(line -> line.endsWith("[alice]:a draft, typed but not sent"));
        alice.type("/quit").press("Enter");
        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    @Test
    void eachLineIsShownInTheUsersOwnTimeZoneNotTheServers() {
        server = ServerProcess.start(serverDir); // stamps in UTC, and its greeting says so
        TmuxClient alice = TmuxClient.start(paneDir, List.of("-Duser.timezone=Asia/Tokyo"),
                List.of("--name", "alice", "127.0.0.1", Integer.toString(server.port())));
        open.add(alice);
        alice.acceptName("alice");
        ClientProcess pia = observer("pia");

        pia.type("what time is it in tokyo");
        String wire = pia.stdout().nextMatching(line -> line.endsWith("[pia]:what time is it in tokyo"));

        java.time.LocalDateTime utc = PushedLine.parse(wire).orElseThrow().time();
        String tokyo = utc.atZone(java.time.ZoneId.of("UTC")).withZoneSameInstant(java.time.ZoneId.of("Asia/Tokyo"))
                .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss"));
        String screen = alice.awaitScreenContaining("pia: what time is it in tokyo");
        assertThat(screen).contains(tokyo + " pia: what time is it in tokyo").doesNotContain("Times are in");
        alice.type("/quit").press("Enter");
        assertThat(alice.awaitExit()).isZero();
    }

    @Test
    void ctrlCWhileReconnectingLeavesAtOnceWithTheTerminalAsItWas() {
        server = ServerProcess.start(serverDir);
        TmuxClient alice = joined("alice");
        server.kill();
        alice.awaitScreenContaining("Reconnecting in");
        alice.type("never sent");

        alice.press("C-c");

        assertThat(alice.awaitExit()).isEqualTo(130);
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    @Test
    void ctrlDWhileReconnectingLeavesAtOnceWithTheTerminalAsItWas() {
        server = ServerProcess.start(serverDir);
        TmuxClient alice = joined("alice");
        server.kill();
        alice.awaitScreenContaining("Reconnecting in");

        alice.press("C-d");

        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    @Test
    void theReplayIsMarkedAndYouJoinedComesAfterItThenWhoIsOnline() {
        server = ServerProcess.start(serverDir);
        ClientProcess ola = observer("ola");
        ola.type("a line from before alice came");
        ola.stdout().nextMatching(line -> line.endsWith("[ola]:a line from before alice came"));

        TmuxClient alice = joined("alice");
        String screen = alice.awaitScreenContaining("Online (2): alice, ola");
        List<String> lines = screen.lines().toList();
        int earlier = lines.indexOf("\u2014 earlier in the chat \u2014");
        int here = lines.indexOf("\u2014 you are here \u2014");
        int joined = indexOfStart(lines, "You joined as alice.");
        assertThat(earlier).isNotNegative();
        assertThat(lines.subList(earlier + 1, here)).last().asString().endsWith("* alice has joined our chat...");
        assertThat(lines.subList(earlier + 1, here)).anyMatch(line -> line.endsWith("ola: a line from before alice came"));
        assertThat(joined).isGreaterThan(here);
        assertThat(indexOfStart(lines, "Online (2): alice, ola")).isGreaterThan(joined);

        alice.type("/who").press("Enter");
        alice.awaitScreen("a second list", s -> s.lines().filter(line -> line.equals("Online (2): alice, ola")).count() == 2);
        alice.type("/quit").press("Enter");
        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    @Test
    void tabCompletesTheNamesOnlineAsNameColonAtTheStartOfTheLine() {
        server = ServerProcess.start(serverDir);
        ClientProcess bob = observer("bob");
        observer("carlos");
        TmuxClient alice = joined("alice");
        alice.awaitScreenContaining("Online (3): alice, bob, carlos");

        alice.type("b").press("Tab");
        // The screen is captured without trailing blanks: the space after "bob:" shows in the line sent.
        alice.awaitScreen("bob completed", s -> alice.lastLine().equals("alice> bob:"));
        alice.type("hi").press("Enter");
        bob.stdout().nextMatching(line -> line.endsWith("[alice]:bob: hi"));

        alice.type("ask ca").press("Tab");
        alice.awaitScreen("carlos completed", s -> alice.lastLine().equals("alice> ask carlos"));
        alice.type("now").press("Enter");
        bob.stdout().nextMatching(line -> line.endsWith("[alice]:ask carlos now"));
        alice.type("/wh").press("Tab"); // "/w" alone is /who or /win since version 2
        alice.awaitScreen("/who completed", s -> alice.lastLine().equals("alice> /who"));
        alice.press("C-u").type("/quit").press("Enter");
        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    @Test
    void aMentionIsHighlightedAndRingsTheBellOnce() {
        server = ServerProcess.start(serverDir);
        ClientProcess bob = observer("bob");
        TmuxClient alice = joined("alice");
        alice.awaitScreenContaining("Online (2)");

        bob.type("Alice: are you there?");
        alice.awaitScreenContaining("bob: Alice: are you there?");
        alice.awaitBells(1);
        String mention = alice.screenWithEscapes().lines().filter(line -> line.contains("Alice: are you there?"))
                .findFirst().orElseThrow();
        assertThat(mention).containsPattern("\u001b\\[[0-9;]*7[0-9;]*mAlice: are you there\\?");

        bob.type("a line for nobody");
        alice.awaitScreenContaining("bob: a line for nobody");
        bob.type("bye alice");
        alice.awaitScreenContaining("bob: bye alice");
        alice.awaitBells(2); // the line for nobody rang nothing
        String plain = alice.screenWithEscapes().lines().filter(line -> line.contains("a line for nobody"))
                .findFirst().orElseThrow();
        assertThat(plain).doesNotContainPattern("\u001b\\[[0-9;]*7[0-9;]*m");
        alice.type("/quit").press("Enter");
        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    @Test
    void noBellKeepsTheHighlightButRingsNothing() {
        server = ServerProcess.start(serverDir);
        ClientProcess bob = observer("bob");
        TmuxClient alice = joined("alice", "--no-bell");
        alice.awaitScreenContaining("Online (2)");

        bob.type("alice: ping");
        alice.awaitScreenContaining("bob: alice: ping");
        alice.type("/quit").press("Enter");
        assertThat(alice.awaitExit()).isZero();

        assertThat(alice.bells()).isZero();
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    /** The 60-line paste: with the server's default rate limit, every line arrives, in order. */
    @Test
    void aSixtyLinePasteArrivesWholeWithTheDefaultRateLimit() {
        server = ServerProcess.start(serverDir);
        ClientProcess bob = observer("bob");
        TmuxClient alice = joined("alice");
        StringBuilder paste = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            paste.append("pasted line ").append(i).append('\n');
        }

        // A bracketed paste goes into the input line whole (JLine does not send it line by line): Enter sends it.
        alice.paste(paste.toString()).press("Enter");

        for (int i = 1; i <= 60; i++) {
            String expected = "[alice]:pasted line " + i;
            assertThat(bob.stdout().nextMatching(line -> line.contains("[alice]:pasted line "))).endsWith(expected);
        }
        alice.awaitScreen("the last echo", s -> s.contains("alice: pasted line 60"));
        alice.awaitScreen("the prompt without a count", s -> alice.lastLine().equals("alice>"));
        assertThat(alice.screen()).doesNotContain("error", "not sent");
        alice.type("/quit").press("Enter");
        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    @Test
    void whatWasTypedIsRecalledInTheNextSessionFromAPrivateFile() throws Exception {
        server = ServerProcess.start(serverDir);
        Path state = paneDir.resolve("shared-state");
        TmuxClient first = joinedIn(paneDir.resolve("first"), state, "alice");
        first.type("remember me").press("Enter");
        first.awaitScreen("the echo", s -> s.contains("alice: remember me"));
        first.type("/quit").press("Enter");
        assertThat(first.awaitExit()).isZero();
        Path file = state.resolve("netcat-chat/history");
        assertThat(java.nio.file.Files.readString(file)).contains("remember me").doesNotContain("alice\n");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        TmuxClient second = joinedIn(paneDir.resolve("second"), state, "alice");
        second.press("Up");
        second.awaitScreen("the line from the last session", s -> second.lastLine().equals("alice> /quit"));
        second.press("Up");
        second.awaitScreen("the line before it", s -> second.lastLine().equals("alice> remember me"));
        second.press("C-u").type("/quit").press("Enter");
        assertThat(second.awaitExit()).isZero();
        assertThat(second.sttyAfter()).isEqualTo(second.sttyBefore());
    }

    @Test
    void noHistoryWritesNothing() {
        server = ServerProcess.start(serverDir);
        Path state = paneDir.resolve("state-unused");
        TmuxClient alice = joinedIn(paneDir.resolve("pane"), state, "alice", "--no-history");
        alice.type("forget me").press("Enter");
        alice.awaitScreen("the echo", s -> s.contains("alice: forget me"));
        alice.type("/quit").press("Enter");
        assertThat(alice.awaitExit()).isZero();
        assertThat(state).doesNotExist();
    }

    /**
     * Ctrl+D pressed at the moment the name is entered (in the same burst of keys as Enter: while the client
     * waits for the server's answer and sets up the chat prompt) leaves the chat, as it would a moment later.
     */
    @org.junit.jupiter.api.RepeatedTest(3)
    void ctrlDAtTheSwitchFromTheNamePromptToTheChatPromptLeaves() {
        server = ServerProcess.start(serverDir);
        TmuxClient alice = TmuxClient.start(paneDir, List.of(), List.of("--name", "alice", "127.0.0.1",
                Integer.toString(server.port())));
        open.add(alice);
        alice.awaitScreenContaining("Your name: alice");

        alice.press("Enter", "C-d");

        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.screen()).contains("You left the chat.");
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    /**
     * The same, with the switch held open: a full server keeps the name unanswered, so the client sits between
     * the name prompt and the chat prompt for as long as the test likes. Ctrl+D pressed there must still
     * leave, once the chat prompt is up.
     */
    @Test
    void ctrlDWhileTheNameWaitsForAnAnswerLeavesOnceTheChatPromptIsUp() {
        server = ServerProcess.start(serverDir, "--max-connections", "1");
        ClientProcess occupant = observer("occupant");
        TmuxClient alice = TmuxClient.start(paneDir, List.of(), List.of("--name", "alice", "127.0.0.1",
                Integer.toString(server.port())));
        open.add(alice);
        alice.awaitScreenContaining("Your name: alice");
        alice.press("Enter");
        alice.awaitScreenContaining("Waiting for the server to let us in");

        alice.press("C-d");
        occupant.endInput();

        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.screen()).contains("You left the chat.");
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    @Test
    void textTypedAtTheSwitchFromTheNamePromptArrives() {
        server = ServerProcess.start(serverDir);
        ClientProcess bob = observer("bob");
        TmuxClient alice = TmuxClient.start(paneDir, List.of(), List.of("--name", "alice", "127.0.0.1",
                Integer.toString(server.port())));
        open.add(alice);
        alice.awaitScreenContaining("Your name: alice");

        alice.press("Enter", "e", "a", "r", "l", "y", "Enter");

        bob.stdout().nextMatching(line -> line.endsWith("[alice]:early"));
        alice.type("/quit").press("Enter");
        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    private static int indexOfStart(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        return -1;
    }

    private TmuxClient joined(String name, String... more) {
        List<String> all = new ArrayList<>(List.of("--name", name));
        all.addAll(List.of(more));
        all.addAll(List.of("127.0.0.1", Integer.toString(server.port())));
        TmuxClient client = TmuxClient.start(paneDir, List.of(), all);
        open.add(client);
        return client.acceptName(name);
    }

    private TmuxClient joinedIn(Path pane, Path state, String name, String... more) {
        try {
            java.nio.file.Files.createDirectories(pane);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> all = new ArrayList<>(List.of("--name", name));
        all.addAll(List.of(more));
        all.addAll(List.of("127.0.0.1", Integer.toString(server.port())));
        TmuxClient client = TmuxClient.start(pane, List.of(), all, state);
        open.add(client);
        return client.acceptName(name);
    }

    private ClientProcess observer(String name) {
        ClientProcess observer = ClientProcess.joinedAs(name, server.port());
        open.add(observer);
        return observer;
    }
}
