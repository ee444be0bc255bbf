package org.netcatchat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netcatchat.client.connection.Answer;
import org.netcatchat.client.connection.Closure;
import org.netcatchat.client.connection.Connection;
import org.netcatchat.client.connection.Incoming;
import org.netcatchat.client.fixtures.ClientProcess;
import org.netcatchat.client.fixtures.LineRecorder;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.testing.FreePort;
import org.netcatchat.testing.ServerProcess;

/** The client against the real server jar on loopback: in-process connections, and the client jar piped. */
class ClientAgainstServerIT {
    private static final Duration DEADLINE = LineRecorder.DEADLINE;
    /** "[2026-11-27 17:46:36]": every pushed line starts with the server's time. */
    private static final String STAMP = "\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\]";

    @TempDir
    static Path dir;
    private static ServerProcess server;

    @BeforeAll
    static void startServer() {
        // Every test connects from 127.0.0.1 to this one server: its limits per address (and the flood limit,
        // which belongs to the address) would carry over from test to test. The flood test has a server of its own.
        server = ServerProcess.start(dir, "--max-connections-per-ip", "0", "--connection-rate", "0", "--name-rate", "0",
                "--rate-limit", "0");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void theConnectionSpeaksProtocolV1WithTheRealServer() throws Exception {
        List<Incoming> seenByAmy = new CopyOnWriteArrayList<>();
        List<Incoming> seenByBen = new CopyOnWriteArrayList<>();
        try (Connection amy = Connection.open("127.0.0.1", server.port(), DEADLINE);
             Connection ben = Connection.open("localhost", server.port(), DEADLINE)) {
            amy.start(seenByAmy::add);
            ben.start(seenByBen::add);
            assertThat(answer(amy.send(new Command.Name(new ChatName("amy"))))).isEqualTo(Answer.OK);
            assertThat(answer(ben.send(new Command.Name(new ChatName("AMY")))))
                    .isInstanceOf(Answer.Refused.class);
            assertThat(answer(ben.send(new Command.Name(new ChatName("ben"))))).isEqualTo(Answer.OK);

            Command hello = new Command.Text("hello ben, it's \"amy\" \\ !!");
            assertThat(answer(amy.send(hello))).isEqualTo(Answer.OK);
            // The sender's own message comes back before its ACK.
            int echo = indexOfMessage(seenByAmy, "amy", "hello ben, it's \"amy\" \\ !!");
            assertThat(echo).isGreaterThanOrEqualTo(0);
            assertThat(seenByAmy.indexOf(new Incoming.Answered(hello, Answer.OK))).isGreaterThan(echo);
            await().atMost(DEADLINE)
                    .until(() -> indexOfMessage(seenByBen, "amy", "hello ben, it's \"amy\" \\ !!") >= 0);

            int before = seenByBen.size();
            assertThat(answer(ben.send(Command.Hist.last(1)))).isEqualTo(Answer.OK);
            assertThat(seenByBen.subList(before, seenByBen.size())).first()
                    .isEqualTo(seenByBen.get(indexOfMessage(seenByBen, "amy", "hello ben, it's \"amy\" \\ !!")));

            assertThat(amy.quit(DEADLINE)).isTrue();
            assertThat(amy.closed().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(new Closure.AfterQuit());
            await().atMost(DEADLINE).until(() -> seenByBen.stream()
                    .anyMatch(i -> i instanceof Incoming.Pushed p && p.line() instanceof PushedLine.Notice n
                            && n.text().equals("amy has left our chat...")));
        }
    }

    @Test
    void twoPipedClientsChatAndStdoutIsTheTranscript() {
        try (ClientProcess bob = ClientProcess.start("--name", "bob", "127.0.0.1", port());
             ClientProcess carol = ClientProcess.start("--name", "carol", "127.0.0.1", port())) {
            bob.stdout().nextMatching(line -> line.endsWith("] bob has joined our chat..."));
            carol.stdout().nextMatching(line -> line.endsWith("] carol has joined our chat..."));
            bob.type("hi carol, ünïcødé ✓");
            assertThat(carol.stdout().nextMatching(line -> line.contains("[bob]:")))
                    .matches(STAMP + "\\[bob\\]:hi carol, ünïcødé ✓");
            assertThat(bob.stdout().nextMatching(line -> line.contains("[bob]:")))
                    .matches(STAMP + "\\[bob\\]:hi carol, ünïcødé ✓");

            assertThat(bob.endInput().awaitExit()).isZero();
            carol.stdout().nextMatching(line -> line.matches(STAMP + " bob has left our chat\\.\\.\\."));
            assertThat(carol.endInput().awaitExit()).isZero();
            for (ClientProcess client : List.of(bob, carol)) {
                assertThat(client.stderr().all()).first().asString().startsWith("Welcome to netcat-chat");
                assertThat(client.stderr().all()).noneMatch(line -> line.contains("WARNING")
                        || line.contains("jline") || line.contains("JLine") || line.startsWith("error"));
            }
        }
    }

    @Test
    void slashCommandsWorkWhenPiped() {
        try (ClientProcess dan = ClientProcess.start("--name", "dan", "127.0.0.1", port())) {
            dan.stdout().nextMatching(line -> line.endsWith("] dan has joined our chat..."));
            dan.type("/name daniel");
            dan.stdout().nextMatching(line -> line.endsWith("] dan is now known as daniel..."));
            dan.type("//not a command");
            dan.stdout().nextMatching(line -> line.endsWith("[daniel]:/not a command"));
            dan.type("/hist 1");
            assertThat(dan.stdout().next()).endsWith("[daniel]:/not a command");
            dan.type("/nope");
            assertThat(dan.stderr().nextMatching(line -> line.startsWith("error:")))
                    .startsWith("error: unknown command /nope");
            dan.type("/quit");
            assertThat(dan.awaitExit()).isZero();
        }
    }

    @Test
    void aTakenNameEndsAPipedClientWithStatus4() {
        try (ClientProcess first = ClientProcess.start("--name", "erin", "127.0.0.1", port())) {
            first.stdout().nextMatching(line -> line.endsWith("] erin has joined our chat..."));
            try (ClientProcess second = ClientProcess.start("--name", "Erin", "127.0.0.1", port())) {
                assertThat(second.awaitExit()).isEqualTo(4);
                assertThat(second.stderr().all()).filteredOn(line -> line.startsWith("error:"))
                        .singleElement().asString().endsWith("(name unchanged)");
                assertThat(second.stdout().all()).isEmpty();
            }
            assertThat(first.endInput().awaitExit()).isZero();
        }
    }

    /** A hundred lines at once: paced within the server's default rate limit, every one arrives, none refused. */
    @Test
    void aFloodIsPacedWithinTheRateLimitAndEveryLineArrives() throws Exception {
        // a server of its own, with the default rate limit: the shared one is shared by this address's clients
        Path floodDir = Files.createDirectories(dir.resolve("flood"));
        try (ServerProcess limited = ServerProcess.start(floodDir);
             ClientProcess flooder = ClientProcess.start("--name", "flo", "127.0.0.1", Integer.toString(limited.port()))) {
            flooder.stdout().nextMatching(line -> line.endsWith("] flo has joined our chat..."));
            for (int i = 0; i < 100; i++) {
                flooder.type("flood " + i);
            }
            for (int i = 0; i < 100; i++) {
                String expected = "[flo]:flood " + i;
                assertThat(flooder.stdout().nextMatching(line -> line.contains("[flo]:flood "))).endsWith(expected);
            }
            assertThat(flooder.endInput().awaitExit()).isZero();
            assertThat(flooder.stderr().all()).noneMatch(line -> line.startsWith("error"));
        }
    }

    @Test
    void aKilledServerEndsAPipedClientWithStatus3() {
        try (ServerProcess doomed = ServerProcess.start(dir.resolve("doomed"));
             ClientProcess fay = ClientProcess.start("--name", "fay", "127.0.0.1", Integer.toString(doomed.port()))) {
            fay.stdout().nextMatching(line -> line.endsWith("] fay has joined our chat..."));
            doomed.kill();
            assertThat(fay.awaitExit()).isEqualTo(3);
            assertThat(fay.stderr().all()).last().asString().startsWith("error: disconnected: ");
        }
    }

    /**
     * A restart while a piped client with --reconnect is in the chat: its stdout is still exactly the server's
     * history, every line once and in order, whether a line came while it was away (the catch-up) or live.
     */
    @Test
    void aPipedClientWithReconnectRejoinsAfterARestartAndItsTranscriptIsTheHistoryExactly() throws Exception {
        ServerProcess server = ServerProcess.start(dir.resolve("restarted"));
        try (ClientProcess rita = ClientProcess.start("--reconnect", "--name", "rita", "127.0.0.1",
                Integer.toString(server.port()))) {
            rita.stdout().nextMatching(line -> line.endsWith("] rita has joined our chat..."));
            rita.type("before the restart");
            rita.stdout().nextMatching(line -> line.endsWith("[rita]:before the restart"));

            server = server.restart();
            try (ClientProcess sam = ClientProcess.start("--name", "sam", "127.0.0.1", Integer.toString(server.port()))) {
                sam.stdout().nextMatching(line -> line.endsWith("] sam has joined our chat..."));
                sam.type("said while rita may be away 1");
                sam.type("said while rita may be away 2");
                rita.stderr().nextMatching(line -> line.equals("Reconnected as rita."));
                sam.type("said after rita is back");
                rita.stdout().nextMatching(line -> line.endsWith("[sam]:said after rita is back"));
                rita.type("back again");
                rita.stdout().nextMatching(line -> line.endsWith("[rita]:back again"));
                assertThat(sam.endInput().awaitExit()).isZero();
            }
            rita.stdout().nextMatching(line -> line.endsWith("] sam has left our chat..."));
            assertThat(rita.endInput().awaitExit()).isZero();

            // The server appends rita's leave notice after her socket closed, so possibly after she exited.
            Path historyFile = server.historyFile();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(Files.readAllLines(historyFile)).last().asString().endsWith("] rita has left our chat..."));
            List<String> history = Files.readAllLines(historyFile);
            // the stop's notice came live, once, and is in no history (issue 20, item 5); the rest is the history
            assertThat(rita.stdout().all()).filteredOn(line -> line.endsWith("] server is shutting down")).hasSize(1);
            assertThat(rita.stdout().all()).filteredOn(line -> !line.endsWith("] server is shutting down"))
                    .containsExactlyElementsOf(history.subList(0, history.size() - 1));
            assertThat(rita.stderr().all()).contains("error: disconnected: the server closed the connection")
                    .noneMatch(line -> line.startsWith("Could not tell"));
            assertThat(rita.stderr().all()).filteredOn(line -> line.startsWith("Welcome to netcat-chat")).hasSize(1);
        } finally {
            server.close();
        }
    }

    @Test
    void aPipedClientWithoutReconnectStillEndsWithStatus3OnARestart() {
        ServerProcess server = ServerProcess.start(dir.resolve("restarted-without-reconnect"));
        try (ClientProcess uma = ClientProcess.start("--name", "uma", "127.0.0.1", Integer.toString(server.port()))) {
            uma.stdout().nextMatching(line -> line.endsWith("] uma has joined our chat..."));
            server = server.restart();
            assertThat(uma.awaitExit()).isEqualTo(3);
        } finally {
            server.close();
        }
    }

    @Test
    void aRefusedConnectionIsOneLineAndStatus1() throws Exception {
        int closed = FreePort.pick();
        try (ClientProcess client = ClientProcess.start("--name", "gus", "127.0.0.1", Integer.toString(closed))) {
            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.stderr().all()).containsExactly("chat-client-tui: cannot connect to 127.0.0.1:" + closed
                    + ": connection refused (is the server running on that port?)");
            assertThat(client.stdout().all()).isEmpty();
        }
    }

    @Test
    void anUnknownHostIsOneLineAndStatus1() {
        try (ClientProcess client = ClientProcess.start("--name", "gus", "no-such-host.invalid", "8989")) {
            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.stderr().all())
                    .containsExactly("chat-client-tui: cannot connect to no-such-host.invalid:8989: unknown host");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"localhost 99999", "--bogus", "a b c", "localhost 8989", "--name=bad! localhost 8989"})
    void badArgumentsAreStatus2WithoutAStackTrace(String arguments) {
        try (ClientProcess client = ClientProcess.start(arguments.split(" "))) {
            assertThat(client.awaitExit()).isEqualTo(2);
            List<String> err = client.stderr().all();
            assertThat(err).first().asString().startsWith("chat-client-tui: ");
            assertThat(err).anyMatch(line -> line.startsWith("Usage: chat-client-tui"));
            assertThat(err).noneMatch(line -> line.contains("Exception") || line.trim().startsWith("at "));
        }
    }

    @Test
    void helpPrintsUsageAndExits0() {
        try (ClientProcess client = ClientProcess.start("--help")) {
            assertThat(client.awaitExit()).isZero();
            assertThat(String.join("\n", client.stdout().all()))
                    .contains("Usage: chat-client-tui", "HOST", "PORT", "--name", "--no-color", "Exit status");
            assertThat(client.stderr().all()).isEmpty();
        }
    }

    @Test
    void theClientJarChatsOverTlsTrustingTheCertificateOfTlsCa() throws Exception {
        Path tlsDir = Files.createDirectories(dir.resolve("tls"));
        Path certificate = tlsDir.resolve("cert.pem");
        Path key = tlsDir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", certificate.toString(),
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")
                .redirectErrorStream(true).redirectOutput(tlsDir.resolve("openssl.log").toFile()).start();
        assertThat(openssl.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(openssl.exitValue()).isZero();

        try (ServerProcess secure = ServerProcess.start(tlsDir, "--tls-port", "0", "--tls-cert", certificate.toString(),
                "--tls-key", key.toString())) {
            String tlsPort = await().atMost(DEADLINE).until(() -> secure.stderr().stream()
                            .map(line -> line.replaceFirst(".*TLS on 127\\.0\\.0\\.1:(\\d+);.*", "$1"))
                            .filter(port -> port.matches("\\d+")).findFirst(), java.util.Optional::isPresent)
                    .orElseThrow();
            try (ClientProcess ivy = ClientProcess.start("--tls-ca", certificate.toString(), "--name", "ivy", "localhost", tlsPort);
                 ClientProcess joe = ClientProcess.start("--name", "joe", "127.0.0.1", Integer.toString(secure.port()))) {
                ivy.stdout().nextMatching(line -> line.endsWith("] ivy has joined our chat..."));
                joe.stdout().nextMatching(line -> line.endsWith("] joe has joined our chat..."));
                ivy.type("hello over TLS");
                assertThat(joe.stdout().nextMatching(line -> line.contains("[ivy]:"))).matches(STAMP + "\\[ivy\\]:hello over TLS");
                joe.type("hello in plain text");
                assertThat(ivy.stdout().nextMatching(line -> line.contains("[joe]:"))).matches(STAMP + "\\[joe\\]:hello in plain text");
                assertThat(ivy.endInput().awaitExit()).isZero();
                assertThat(joe.endInput().awaitExit()).isZero();
            }
            // The system's CAs do not know a self-signed certificate: one line, status 1.
            try (ClientProcess kim = ClientProcess.start("--tls", "--name", "kim", "localhost", tlsPort)) {
                assertThat(kim.awaitExit()).isEqualTo(1);
                assertThat(kim.stderr().all()).containsExactly("chat-client-tui: cannot connect to localhost:" + tlsPort
                        + ": the server's certificate is not trusted (for a self-signed one, use --tls-ca FILE)");
            }
        }
    }

    private static String port() {
        return Integer.toString(server.port());
    }

    private static Answer answer(CompletableFuture<Answer> answer) throws Exception {
        return answer.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static int indexOfMessage(List<Incoming> seen, String sender, String text) {
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i) instanceof Incoming.Pushed pushed && pushed.line() instanceof PushedLine.Message m
                    && m.sender().equals(sender) && m.text().equals(text)) {
                return i;
            }
        }
        return -1;
    }
}
