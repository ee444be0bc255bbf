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
import org.netcatchat.client.fixtures.ClientProcess;
import org.netcatchat.client.fixtures.TmuxClient;
import org.netcatchat.testing.ServerProcess;

/**
 * What users trip over at the input line, in a real terminal (tmux) against the real server jar: a pasted
 * block, a line longer than the server takes, a C locale. A piped client watches what the server broadcasts.
 */
class InputEdgesIT {
    @TempDir
    static Path serverDir;
    private static ServerProcess server;

    @TempDir
    Path paneDir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        TmuxClient.requireTmux();
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

    /** A pasted /quit used to leave the chat, and the rest of the paste was lost. */
    @Test
    void aPastedBlockIsSentAsTextSlashLinesAndAll() {
        ClientProcess bob = observer("bob-paste");
        TmuxClient alice = joined(TmuxClient.start(paneDir, List.of(), arguments("paster")), "paster");

        alice.paste("first pasted line\n/quit\n/etc/hosts has the entry");
        alice.awaitScreenContaining("/etc/hosts has the entry");
        alice.press("Enter");

        bob.stdout().nextMatching(line -> line.endsWith("[paster]:first pasted line"));
        bob.stdout().nextMatching(line -> line.endsWith("[paster]:/quit"));
        bob.stdout().nextMatching(line -> line.endsWith("[paster]:/etc/hosts has the entry"));
        alice.awaitScreen("the paste's last line echoed", s -> s.contains("paster: /etc/hosts has the entry"));
        // Still in the chat: a typed /quit is a command.
        alice.awaitScreen("the chat prompt", s -> alice.lastLine().equals("paster>"));
        alice.type("/quit").press("Enter");
        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    /** A line over the server's 4,096 bytes used to be sent whole, then discarded: now it goes in parts. */
    @Test
    void aLineOverTheServersLimitIsSentInPartsCutBetweenCharacters() {
        ClientProcess bob = observer("bob-long");
        TmuxClient alice = joined(TmuxClient.start(paneDir, List.of(), arguments("longliner")), "longliner");
        // 3-byte characters and a 2-code-point accent, so a byte cut would land inside a character somewhere.
        String message = "e\u0301\u65e5\u672c\u8a9e ".repeat(450) + "end"; // 5,403 bytes

        alice.paste(message);
        alice.press("Enter");

        String first = bob.stdout().nextMatching(line -> line.contains("[longliner]:"));
        String second = bob.stdout().nextMatching(line -> line.contains("[longliner]:"));
        String part1 = first.substring(first.indexOf("[longliner]:") + "[longliner]:".length());
        String part2 = second.substring(second.indexOf("[longliner]:") + "[longliner]:".length());
        assertThat(part1 + part2).isEqualTo(message.stripTrailing());
        assertThat(("text " + part1).getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        // Cut between characters: never inside a UTF-8 sequence (no U+FFFD), never between e and its accent.
        assertThat(part1 + part2).doesNotContain("\ufffd");
        assertThat(part2.codePointAt(0)).isNotEqualTo(0x0301);
        alice.type("/quit").press("Enter");
        assertThat(alice.awaitExit()).isZero();
    }

    /** In a C locale, Java's default charset is US-ASCII: every non-ASCII character used to show as '?'. */
    @Test
    void inACLocaleNonAsciiTextAndTheClientsOwnMarkersShowAsTheyAre() {
        ClientProcess bob = observer("bob-locale");
        bob.type("日本語 café");
        bob.stdout().nextMatching(line -> line.endsWith("[bob-locale]:日本語 café"));

        TmuxClient alice = TmuxClient.startInLocale(paneDir, "C", List.of(), arguments("posix"));
        open.add(alice);
        joined(alice, "posix");

        String screen = alice.awaitScreenContaining("bob-locale: 日本語 café");
        // The client's own marker (the one above it may have scrolled away under the earlier tests' long lines).
        assertThat(screen).contains("\u2014 you are here \u2014");
        alice.type("/quit").press("Enter");
        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    private List<String> arguments(String name) {
        return List.of("--name", name, "127.0.0.1", Integer.toString(server.port()));
    }

    private TmuxClient joined(TmuxClient client, String name) {
        if (!open.contains(client)) {
            open.add(client);
        }
        return client.acceptName(name);
    }

    private ClientProcess observer(String name) {
        ClientProcess observer = ClientProcess.joinedAs(name, server.port());
        open.add(observer);
        return observer;
    }
}
