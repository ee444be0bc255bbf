package org.netcatchat.client.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netcatchat.client.fixtures.ClientProcess;
import org.netcatchat.client.fixtures.TmuxClient;
import org.netcatchat.testing.ServerProcess;

/**
 * The client jar in a real terminal (tmux), against the real server jar. After every way out, the terminal's
 * settings ({@code stty -a}, taken by the same shell in the same pane) must read exactly as before the
 * client started. A second, piped client checks that what is typed is delivered.
 */
class TerminalSafetyIT {
    @TempDir
    static Path serverDir;
    private static ServerProcess server;

    @TempDir
    Path paneDir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        TmuxClient.requireTmux();
        // Every test's clients connect from 127.0.0.1 to this one server: its limits per address would carry over.
        server = ServerProcess.start(serverDir, "--max-connections-per-ip", "0", "--connection-rate", "0",
                "--name-rate", "0");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
    }

    @Test
    void aWholeSessionThenQuitLeavesTheTerminalAsItWas() {
        ClientProcess carol = observer("carol", server);
        TmuxClient alice = client(server, List.of(), "--name", "carol");

        // The name prompt is pre-filled from --name; a taken name is refused and asked again.
        alice.awaitScreenContaining("Your name: carol");
        // The greeting comes from the reader thread and may land a moment after the prompt is drawn.
        String greeted = alice.awaitScreenContaining("Welcome to netcat-chat!");
        assertThat(greeted).doesNotContain("WARNING", "name alice");
        alice.press("Enter");
        alice.awaitScreen("the refusal", screen -> screen.contains("(name unchanged)"));
        alice.awaitScreen("the prompt again", screen -> screen.lines().toList().getLast().startsWith("Your name: carol"));
        alice.press("C-u").type("alice").press("Enter");
        alice.awaitScreenContaining("You joined as alice.");
        alice.awaitScreen("the chat prompt", screen -> screen.endsWith("alice>"));

        // Typing is delivered, and the sender sees its own line.
        alice.type("hello from tmux, it's \"quoted\" \\ and !! too").press("Enter");
        carol.stdout().nextMatching(line -> line.endsWith("[alice]:hello from tmux, it's \"quoted\" \\ and !! too"));
        alice.awaitScreen("the echo", screen -> screen.lines()
                .anyMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d alice: hello from tmux, it's \"quoted\" \\\\ and !! too")));

        // A message arriving while the user types goes above the input line; the typing is untouched.
        alice.type("half typ");
        alice.awaitScreen("the typing", screen -> screen.endsWith("alice> half typ"));
        carol.type("hi alice");
        String screen = alice.awaitScreen("carol's message", s -> s.lines().anyMatch(l -> l.endsWith(" carol: hi alice")));
        // Awaited: the line goes above in one flush, the prompt and the typing are redrawn in the next.
        alice.awaitScreen("the typing redrawn", s -> alice.lastLine().equals("alice> half typ"));
        assertThat(screen.lines().filter(line -> line.endsWith("carol: hi alice"))).hasSize(1);

        // Local commands, completion and input history.
        alice.press("C-u").type("/bogus").press("Enter");
        alice.awaitScreenContaining("error: unknown command /bogus");
        alice.type("/he").press("Tab");
        alice.awaitScreen("the completed command", s -> s.endsWith("alice> /help"));
        alice.press("Enter");
        alice.awaitScreenContaining("/hist [N]        show the history");
        alice.press("Up", "Up");
        alice.awaitScreen("the history recall", s -> s.endsWith("alice> /bogus"));

        // A new name: the prompt follows as soon as the server accepts it.
        alice.press("C-u").type("/name alicia").press("Enter");
        alice.awaitScreen("the new prompt", s -> s.contains("* alice is now known as alicia...") && s.endsWith("alicia>"));
        carol.stdout().nextMatching(line -> line.endsWith("] alice is now known as alicia..."));
        alice.type("/quit").press("Enter");

        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.screen()).contains("You left the chat.");
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
        carol.stdout().nextMatching(line -> line.endsWith("] alicia has left our chat..."));
    }

    @Test
    void ctrlCLeavesTheTerminalAsItWas() {
        TmuxClient alice = joined(server, "ctrl-c");
        alice.type("never sent");
        alice.awaitScreen("the typing", s -> s.endsWith("ctrl-c> never sent"));
        alice.press("C-c");

        assertThat(alice.awaitExit()).isEqualTo(130);
        assertThat(alice.screen()).contains("Interrupted: you left the chat.");
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    @Test
    void ctrlCAtTheNamePromptLeavesTheTerminalAsItWas() {
        TmuxClient alice = client(server, List.of(), "--name", "early");
        alice.awaitScreenContaining("Your name: early");
        alice.press("C-c");

        assertThat(alice.awaitExit()).isEqualTo(130);
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    /**
     * Between two readLines JLine would hand SIGINT back to the OS default, which ends the JVM without shutdown
     * hooks. A full server keeps the client waiting there, for the name's answer.
     */
    @Test
    void ctrlCWhileWaitingForAFullServerLeavesTheTerminalAsItWas() {
        ServerProcess full = ServerProcess.start(paneDir, "--max-connections", "1");
        open.add(full);
        observer("occupant", full);
        TmuxClient alice = client(full, List.of(), "--name", "patient");
        alice.awaitScreenContaining("Your name: patient");
        alice.press("Enter");
        alice.awaitScreenContaining("Waiting for the server to let us in");
        alice.press("C-c");

        assertThat(alice.awaitExit()).isEqualTo(130);
        assertThat(alice.screen()).contains("Interrupted: you left the chat.");
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    @Test
    void ctrlDLeavesTheTerminalAsItWas() {
        TmuxClient alice = joined(server, "ctrl-d");
        alice.press("C-d");

        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.screen()).contains("You left the chat.");
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    @Test
    void sigtermLeavesTheTerminalAsItWasAndStillSaysGoodbye() {
        ClientProcess carol = observer("carol2", server);
        TmuxClient alice = joined(server, "sigterm");
        alice.type("half");
        alice.awaitScreen("the typing", s -> s.endsWith("sigterm> half"));
        alice.clientProcess().destroy(); // SIGTERM

        assertThat(alice.awaitExit()).isEqualTo(143);
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
        // The shutdown hook sent quit: the others see a normal leave.
        carol.stdout().nextMatching(line -> line.endsWith("] sigterm has left our chat..."));
    }

    /** Without reconnecting (ChattingIT covers the client that reconnects, and leaving while it does). */
    @Test
    void aKilledServerLeavesTheTerminalAsItWasAndExits3() {
        ServerProcess doomed = ServerProcess.start(paneDir);
        open.add(doomed);
        TmuxClient alice = joined(doomed, "orphan", "--no-reconnect");
        alice.type("half typed");
        alice.awaitScreen("the typing", s -> s.endsWith("orphan> half typed"));
        doomed.kill(); // SIGKILL: no goodbye from the server

        assertThat(alice.awaitExit()).isEqualTo(3);
        assertThat(alice.screen()).contains("error: disconnected: ", "Not sent: half typed");
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    /** A bug on the input thread, or on the connection's reader thread, still gives the terminal back. */
    @ParameterizedTest(name = "[{index}] fault on the {0} thread")
    @ValueSource(strings = {"input", "listener"})
    void anUnexpectedExceptionLeavesTheTerminalAsItWas(String fault) {
        TmuxClient alice = client(server, List.of("-Dnetcatchat.client.fault=" + fault), "--name", "buggy-" + fault);
        alice.awaitScreenContaining("Your name: buggy-" + fault);
        alice.press("Enter");
        if (fault.equals("input")) {
            alice.awaitScreen("the chat prompt", s -> s.endsWith("buggy-input>"));
            alice.type("boom").press("Enter");
        }

        assertThat(alice.awaitExit()).isEqualTo(70);
        assertThat(alice.screen()).contains("internal error", "injected fault (netcatchat.client.fault=" + fault + ")");
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    private TmuxClient joined(ServerProcess on, String name, String... more) {
        List<String> arguments = new ArrayList<>(List.of("--name", name));
        arguments.addAll(List.of(more));
        TmuxClient client = client(on, List.of(), arguments.toArray(String[]::new));
        return client.acceptName(name);
    }

    private TmuxClient client(ServerProcess on, List<String> jvmOptions, String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of("127.0.0.1", Integer.toString(on.port())));
        TmuxClient client = TmuxClient.start(paneDir, jvmOptions, all);
        open.add(client);
        return client;
    }

    private ClientProcess observer(String name, ServerProcess on) {
        ClientProcess observer = ClientProcess.joinedAs(name, on.port());
        open.add(observer);
        return observer;
    }
}
