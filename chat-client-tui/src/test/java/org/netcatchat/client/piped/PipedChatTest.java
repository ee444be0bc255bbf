package org.netcatchat.client.piped;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.netcatchat.client.session.Ending;
import org.netcatchat.client.connection.Connection;
import org.netcatchat.client.fixtures.LineRecorder;
import org.netcatchat.client.fixtures.ScriptedServer;

/** The piped front end in-process, against a scripted loopback server: what a script sees and sends. */
class PipedChatTest {
    private static final Duration DEADLINE = LineRecorder.DEADLINE;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ScriptedServer server;

    @AfterEach
    void closeServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private CompletableFuture<Ending> run(InputStream input) throws Exception {
        server = ScriptedServer.start();
        Connection connection = Connection.open("127.0.0.1", server.port(), Duration.ofSeconds(5));
        PipedChat chat = new PipedChat("alice", Optional.empty(), input, utf8(out), utf8(err));
        return CompletableFuture.supplyAsync(() -> chat.run(connection));
    }

    @Test
    void eachInputLineIsAMessageUntilInputEndsThenItQuits() throws Exception {
        CompletableFuture<Ending> ending = run(input("hello\n//slash\n/hist 1\n/bogus\n\n"));
        server.send("Welcome to netcat-chat! Each line...\n");
        LineRecorder received = server.received();
        assertThat(received.next()).isEqualTo("name alice");
        server.send("\0[2026-11-27 17:46:36] alice has joined our chat...\n");
        assertThat(received.next()).isEqualTo("text hello");
        assertThat(received.next()).isEqualTo("text /slash");
        assertThat(received.next()).isEqualTo("hist 1");
        assertThat(received.next()).isEqualTo("quit");
        server.send("[2026-11-27 17:46:37][alice]:hello\n\0[2026-11-27 17:46:38][alice]:/slash\n\0"
                + "[2026-11-27 17:46:38][alice]:/slash\n\0");
        server.closeConnection();

        assertThat(ending.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(new Ending.Quit());
        assertThat(text(out)).isEqualTo("""
                [2026-11-27 17:46:36] alice has joined our chat...
                [2026-11-27 17:46:37][alice]:hello
                [2026-11-27 17:46:38][alice]:/slash
                [2026-11-27 17:46:38][alice]:/slash
                """);
        assertThat(text(err)).isEqualTo("""
                Welcome to netcat-chat! Each line...
                error: unknown command /bogus; type /help for the commands, or //text to send a message starting with /
                """);
    }

    @Test
    void aRefusedNameEndsTheSessionWithItsReason() throws Exception {
        CompletableFuture<Ending> ending = run(input("never sent\n"));
        LineRecorder received = server.received();
        assertThat(received.next()).isEqualTo("name alice");
        server.send("ERR name taken\n\0");
        assertThat(received.next()).isEqualTo("quit");
        server.closeConnection();

        assertThat(ending.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(new Ending.NameRefused("name taken"));
        assertThat(text(err)).isEqualTo("error: name taken (name unchanged)\n");
        assertThat(text(out)).isEmpty();
        received.assertExhausted();
    }

    @Test
    void theServerGoingAwayEndsTheSessionWhileInputIsStillOpen() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        CompletableFuture<Ending> ending = run(new PipedInputStream(typing));
        LineRecorder received = server.received();
        assertThat(received.next()).isEqualTo("name alice");
        server.send("\0");
        typing.write("still here\n".getBytes(StandardCharsets.UTF_8));
        typing.flush();
        assertThat(received.next()).isEqualTo("text still here");
        server.send("[2026-11-27 17:46:36] server is shutting down\n");
        server.closeConnection();

        assertThat(ending.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(new Ending.ServerGone("the server closed the connection"));
        assertThat(text(out)).isEqualTo("[2026-11-27 17:46:36] server is shutting down\n");
        // The line went out but was never answered: the script is told, before why the session ended.
        assertThat(text(err)).isEqualTo("""
                error: not sent: still here
                error: disconnected: the server closed the connection
                """);
        typing.close();
    }

    @Test
    void refusalsGoToStderrAndTheSessionGoesOn() throws Exception {
        CompletableFuture<Ending> ending = run(input("one\ntwo\n"));
        LineRecorder received = server.received();
        assertThat(received.next()).isEqualTo("name alice");
        server.send("\0");
        assertThat(received.next()).isEqualTo("text one");
        assertThat(received.next()).isEqualTo("text two");
        assertThat(received.next()).isEqualTo("quit");
        server.send("[2026-11-27 17:46:36][alice]:one\n\0ERR history unavailable: the message was not sent, try again later\n\0");
        server.closeConnection();

        assertThat(ending.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(new Ending.Quit());
        assertThat(text(out)).isEqualTo("[2026-11-27 17:46:36][alice]:one\n");
        assertThat(text(err)).isEqualTo(
                "error: history unavailable: the message was not sent, try again later (message not sent)\n");
    }

    /** A line the server refuses as over its rate limit is not lost: it is sent again, and nothing is said. */
    @Test
    void aRateLimitedLineIsSentAgain() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        CompletableFuture<Ending> ending = run(new PipedInputStream(typing));
        LineRecorder received = server.received();
        assertThat(received.next()).isEqualTo("name alice");
        server.send("\0");
        typing.write("one\n".getBytes(StandardCharsets.UTF_8));
        typing.flush();
        assertThat(received.next()).isEqualTo("text one");
        server.send("ERR rate limited\n\0");
        assertThat(received.next()).isEqualTo("text one");
        server.send("[2026-11-27 17:46:36][alice]:one\n\0");
        typing.close();
        assertThat(received.next()).isEqualTo("quit");
        server.closeConnection();

        assertThat(ending.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(new Ending.Quit());
        assertThat(text(out)).isEqualTo("[2026-11-27 17:46:36][alice]:one\n");
        assertThat(text(err)).isEmpty();
    }

    private static InputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static PrintStream utf8(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
