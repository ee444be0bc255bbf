package org.netcatchat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wire client against a scripted peer on a loopback socket: what it reads as lines and reply ends, and the
 * {@link AssertionError}s it raises instead of a test framework's (it has none, so the bench jar can carry it).
 */
@Timeout(30)
class WireClientTest {
    private static final String GREETING = "Welcome to netcat-chat!\nType name<yourname> to join, quit to leave.\nTimes are in UTC.\n";

    private ServerSocket listener;
    private Socket peer;
    private BufferedReader fromClient;
    private WireClient client;

    @BeforeEach
    void connect() throws Exception {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try {
                accepted.add(listener.accept());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        client = WireClient.connect(listener.getLocalPort());
        peer = accepted.poll(WireClient.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(peer).as("the scripted peer accepted").isNotNull();
        fromClient = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        peer.close();
        listener.close();
    }

    @Test
    void aRequestSendsALineAndReturnsTheLinesUpToTheReplyEnd() throws IOException {
        peerWrites("first\nsecond\n\0");

        assertThat(client.request("hist")).containsExactly("first", "second");
        assertThat(fromClient.readLine()).isEqualTo("hist");
        client.assertExhausted();
    }

    @Test
    void theGreetingEndsAtTheLineThatNamesTheZoneOfItsTimes() throws IOException {
        peerWrites(GREETING + "[2026-01-01 00:00:00] after the greeting\n");

        assertThat(client.awaitGreeting()).hasSize(3).endsWith("Times are in UTC.").first().asString()
                .startsWith("Welcome to netcat-chat");
        assertThat(client.nextLine()).isEqualTo("[2026-01-01 00:00:00] after the greeting");
    }

    @Test
    void aGreetingFromSomeoneElseIsAnAssertionError() throws IOException {
        peerWrites("220 smtp.example ready\nno zone here but the words Times are in UTC.\nTimes are in UTC.\n");

        assertThatThrownBy(client::awaitGreeting).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Welcome to netcat-chat").hasMessageContaining("220 smtp.example ready");
    }

    @Test
    void aJoinAnsweredWithLinesIsAnAssertionErrorNamingThem() throws IOException {
        peerWrites("ERR name taken\n\0");

        assertThatThrownBy(() -> client.join("alice")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("name alice").hasMessageContaining("ERR name taken");
    }

    @Test
    void aConnectionClosedBeforeTheReplyEndsIsAnAssertionErrorWithTheLinesSoFar() throws IOException {
        peerWrites("half a reply\n");
        peer.close();

        assertThatThrownBy(client::nextReply).isInstanceOf(AssertionError.class)
                .hasMessageContaining("closed the connection before the reply ended").hasMessageContaining("half a reply");
    }

    @Test
    void anUnreadLineFailsAssertExhausted() throws IOException {
        peerWrites("unexpected\n\0");
        client.awaitLineContaining("unexpected");
        // The reader may not have queued the end of the reply yet (a read of its own, or not scheduled).
        await().atMost(Duration.ofSeconds(10)).until(client::hasPending);

        assertThatThrownBy(client::assertExhausted).isInstanceOf(AssertionError.class)
                .hasMessageContaining("unread events").hasMessageContaining("EndOfReply");
    }

    @Test
    void awaitClosedReturnsWhatCameBeforeTheClose() throws IOException {
        peerWrites("server is shutting down\n");
        peer.close();

        assertThat(client.awaitClosed()).containsExactly("server is shutting down");
    }

    private void peerWrites(String text) throws IOException {
        OutputStream out = peer.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
