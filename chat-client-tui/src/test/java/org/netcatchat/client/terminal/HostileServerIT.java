package org.netcatchat.client.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.client.fixtures.LineRecorder;
import org.netcatchat.client.fixtures.ScriptedServer;
import org.netcatchat.client.fixtures.TmuxClient;

/**
 * The client jar in a real terminal (tmux) against a server socket of the test's own that behaves as no chat
 * server should, or as one may at an awkward moment: it floods, it speaks TLS, it answers {@code list} late.
 */
class HostileServerIT {
    @TempDir
    Path paneDir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void needTmux() {
        TmuxClient.requireTmux();
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
    }

    /**
     * ACKs the name, then streams 32 MB of replay before answering {@code list}. Every line used to be kept for
     * the replay: OutOfMemoryError in a 32 MB heap, and a raw terminal left behind.
     */
    @Test
    void aServerThatFloodsBeforeAnsweringListCannotExhaustTheClientsMemory() {
        ScriptedServer server = server();
        TmuxClient alice = client(server, List.of("-Xmx32m"), "flooded");
        LineRecorder received = join(alice, server, "flooded");
        assertThat(received.next()).isEqualTo("list");

        byte[] block = block("[2026-11-27 17:46:30][bob]:" + "x".repeat(200) + "\n", 1 << 20);
        for (int i = 0; i < 32; i++) {
            server.send(block);
        }
        server.send("[2026-11-27 17:46:31][bob]:the last line\nLIST 2 flooded bob\n\0");

        alice.awaitScreenContaining("You joined as flooded.");
        String screen = alice.awaitScreenContaining("Online (2): flooded, bob");
        assertThat(screen).contains("bob: the last line", "older lines of the replay are not shown");
        alice.type("/quit").press("Enter");
        assertThat(alice.awaitExit()).isZero();
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    /** Pointed at a TLS port, the client used to wait for ever on the alert's bytes (and print them as garbage). */
    @Test
    void aTlsServersAnswerSaysUseTlsAndStops() {
        ScriptedServer server = server();
        TmuxClient alice = client(server, List.of(), "plain");
        alice.awaitScreenContaining("Your name: plain");
        alice.press("Enter");
        assertThat(server.received().next()).isEqualTo("name plain");
        // What a JDK TLS server answers a plain line with: a fatal alert record (TLS 1.2 framing, decode_error).
        server.send(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32});

        assertThat(alice.awaitExit()).isEqualTo(3);
        assertThat(alice.screen()).contains("this looks like a TLS port: use --tls").doesNotContain("\ufffd");
        assertThat(alice.sttyAfter()).isEqualTo(alice.sttyBefore());
    }

    /**
     * The prompt appears with the name's ACK; who is online comes with the answer to {@code list}, a moment
     * later. A Tab in between used to complete nothing.
     */
    @Test
    void tabRightAfterJoiningCompletesTheNamesOnline() {
        ScriptedServer server = server();
        TmuxClient alice = client(server, List.of(), "quick");
        LineRecorder received = join(alice, server, "quick");
        assertThat(received.next()).isEqualTo("list");
        alice.awaitScreen("the chat prompt", s -> s.endsWith("quick>"));

        alice.type("bo").press("Tab");
        // With a replay line to print: the Tab's wait must not keep it (and so the names) from coming.
        server.send("[2026-11-27 17:46:30][bob]:a line of the replay\nLIST 2 bob quick\n\0");

        alice.awaitScreen("bob completed", s -> alice.lastLine().equals("quick> bob:"));
        // Printed after the names are settled, so maybe a moment after the completion: awaited.
        alice.awaitScreen("the replay and who is online",
                s -> s.contains("bob: a line of the replay") && s.contains("Online (2): bob, quick"));
        alice.press("C-u").type("/quit").press("Enter");
        assertThat(alice.awaitExit()).isZero();
    }

    /** Presses Enter at the name prompt and ACKs the name; returns what the client sends from then on. */
    private static LineRecorder join(TmuxClient client, ScriptedServer server, String name) {
        client.awaitScreenContaining("Your name: " + name);
        client.press("Enter");
        LineRecorder received = server.received();
        assertThat(received.next()).isEqualTo("name " + name);
        server.send("\0");
        return received;
    }

    private static byte[] block(String line, int bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + line.length());
        byte[] one = line.getBytes(StandardCharsets.UTF_8);
        while (out.size() < bytes) {
            out.writeBytes(one);
        }
        return out.toByteArray();
    }

    private ScriptedServer server() {
        ScriptedServer server = ScriptedServer.start();
        open.add(server);
        return server;
    }

    private TmuxClient client(ScriptedServer server, List<String> jvmOptions, String name) {
        TmuxClient client = TmuxClient.start(paneDir, jvmOptions,
                List.of("--name", name, "127.0.0.1", Integer.toString(server.port())));
        open.add(client);
        return client;
    }
}
