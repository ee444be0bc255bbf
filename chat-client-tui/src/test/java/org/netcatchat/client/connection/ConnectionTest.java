package org.netcatchat.client.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.netcatchat.client.fixtures.LineRecorder;
import org.netcatchat.client.fixtures.ScriptedServer;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.testing.FreePort;

/** The connection against a scripted loopback server: real sockets, the server's side written by the test. */
class ConnectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEADLINE = LineRecorder.DEADLINE;

    private final List<Incoming> incoming = new CopyOnWriteArrayList<>();
    private ScriptedServer server;
    private Connection connection;

    @AfterEach
    void closeEverything() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Connection connect(ScriptedServer scripted) throws CannotConnect {
        server = scripted;
        connection = Connection.open("127.0.0.1", scripted.port(), TIMEOUT);
        connection.start(incoming::add);
        return connection;
    }

    @Test
    void commandsGoOutInOrderAndEachAnswerFindsItsCommand() throws Exception {
        connect(ScriptedServer.start());
        CompletableFuture<Answer> join = connection.send(new Command.Name(new ChatName("alice")));
        CompletableFuture<Answer> text = connection.send(new Command.Text("hello"));
        CompletableFuture<Answer> hist = connection.send(Command.Hist.last(2));

        LineRecorder received = server.received();
        assertThat(List.of(received.next(), received.next(), received.next()))
                .containsExactly("name alice", "text hello", "hist 2");
        server.send("\0ERR rate limited\n\0[2026-11-27 17:46:36][bob]:old\n\0");

        assertThat(join.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(Answer.OK);
        assertThat(text.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(new Answer.Refused("rate limited"));
        assertThat(hist.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(Answer.OK);
        assertThat(incoming).hasSize(4);
    }

    @Test
    void quitIsSentAfterWhatIsQueuedAndWaitsForTheServerToClose() throws Exception {
        connect(ScriptedServer.start());
        connection.send(new Command.Text("last words"));
        CompletableFuture<Boolean> quit = CompletableFuture.supplyAsync(() -> {
            try {
                return connection.quit(DEADLINE);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        LineRecorder received = server.received();
        assertThat(received.next()).isEqualTo("text last words");
        assertThat(received.next()).isEqualTo("quit");
        assertThat(quit).isNotDone();
        server.send("[2026-11-27 17:46:36][alice]:last words\n\0");
        server.closeConnection();

        assertThat(quit.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(connection.closed().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(new Closure.AfterQuit());
        assertThat(incoming).hasSize(2);
    }

    @Test
    void quitGivesUpAfterItsGraceWhenTheServerKeepsTheConnectionOpen() throws Exception {
        connect(ScriptedServer.start());
        assertThat(connection.quit(Duration.ofMillis(200))).isFalse();
        assertThat(server.received().next()).isEqualTo("quit");
        assertThat(connection.closed().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(new Closure.ClosedHere());
    }

    @Test
    void theServerClosingIsReportedAndLeavesNoAnswerHanging() throws Exception {
        connect(ScriptedServer.start());
        CompletableFuture<Answer> text = connection.send(new Command.Text("anyone?"));
        assertThat(server.received().next()).isEqualTo("text anyone?");
        server.send("[2026-11-27 17:46:36] server is shutting down\n");
        server.closeConnection();

        assertThat(connection.closed().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(new Closure.ClosedByServer());
        assertThat(text).isCompletedWithValue(new Answer.Unanswered("the connection ended"));
        assertThat(connection.send(new Command.Text("after"))).isCompletedWithValue(
                new Answer.Unanswered("the connection is closing"));
    }

    @Test
    void aResetIsALostConnection() throws Exception {
        connect(ScriptedServer.start());
        server.received();
        server.resetConnection();
        assertThat(connection.closed().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOfSatisfying(Closure.Lost.class,
                        lost -> assertThat(lost.reason()).containsIgnoringCase("reset"));
    }

    @Test
    void closingHereIsNotMistakenForTheServerGoingAway() throws Exception {
        connect(ScriptedServer.start());
        connection.close();
        assertThat(connection.closed().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(new Closure.ClosedHere());
        connection.close(); // idempotent
    }

    @Test
    void aListenerThatThrowsEndsTheConnectionAsAFailure() throws Exception {
        server = ScriptedServer.start();
        connection = Connection.open("127.0.0.1", server.port(), TIMEOUT);
        connection.start(incoming -> {
            throw new IllegalStateException("bug in the screen");
        });
        server.send("Welcome to netcat-chat!\n");
        assertThat(connection.closed().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOfSatisfying(Closure.Failed.class,
                        failed -> assertThat(failed.cause()).hasMessage("bug in the screen"));
    }

    @Test
    void aFullQueueRefusesAtOnceInsteadOfBlockingTheTypist() throws Exception {
        connect(ScriptedServer.startNotReading());
        Command big = new Command.Text("x".repeat(4000));
        Answer refused = null;
        // The socket buffers fill, then the queue: the bound only guards against a client that never refuses.
        for (int i = 0; i < 100_000 && refused == null; i++) {
            CompletableFuture<Answer> answer = connection.send(big);
            if (answer.isDone()) {
                refused = answer.join();
            }
        }
        assertThat(refused).isEqualTo(new Answer.Unanswered("too many lines are waiting for the network"));
    }

    @Test
    void quitIsNotACommandToSend() throws Exception {
        connect(ScriptedServer.start());
        assertThatThrownBy(() -> connection.send(new Command.Quit())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusedConnectionIsOneClearLine() throws Exception {
        int closedPort = FreePort.pick();
        assertThatThrownBy(() -> Connection.open("127.0.0.1", closedPort, TIMEOUT))
                .isInstanceOf(CannotConnect.class)
                .hasMessage("connection refused (is the server running on that port?)");
    }

    @Test
    void anUnknownHostIsOneClearLine() {
        assertThatThrownBy(() -> Connection.open("no-such-host.invalid", 8989, TIMEOUT))
                .isInstanceOf(CannotConnect.class)
                .hasMessage("unknown host");
    }

    @Test
    void theListenerSeesLinesAsTheyArrive() throws Exception {
        connect(ScriptedServer.start());
        server.send("Welcome to netcat-chat!\n");
        await().atMost(DEADLINE).until(() -> incoming.size() == 1);
        assertThat(incoming).containsExactly(new Incoming.Text("Welcome to netcat-chat!"));
    }
}
