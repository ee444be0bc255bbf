package org.netcatchat.server.hardening;

import org.netcatchat.server.MeteredServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netcatchat.protocol.ServerStream;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --fsync always|batch|never}: each works end to end, and in each a {@code text} is ACKed only once
 * its line is in the file, checked by reading the file the moment each ACK arrives while other clients
 * write too. (Whether the bytes also reached the platter is not observable from here; the crash test
 * checks the process-crash guarantee, which all three give.)
 */
class FsyncPolicyTest {
    private static final int CLIENTS = 3;
    private static final int MESSAGES = 50;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "--fsync {0}")
    @ValueSource(strings = {"always", "batch", "never"})
    void everyAckedMessageIsAlreadyInTheFile(String fsync) throws Exception {
        try (MeteredServer server = MeteredServer.start(dir, "--fsync", fsync, "--rate-limit", "0")) {
            assertThat(server.server().server().options().fsync().name().toLowerCase(Locale.ROOT)).isEqualTo(fsync);
            List<WireClient> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(server.joined("c" + c));
            }
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    WireClient client = clients.get(c);
                    String name = "c" + c;
                    running.add(senders.submit(() -> sendAndCheckEachAck(client, name, server.historyFile())));
                }
                for (Future<?> sender : running) {
                    sender.get(WireClient.DEADLINE.toSeconds(), TimeUnit.SECONDS);
                }
            } finally {
                clients.forEach(WireClient::close);
            }
            List<String> lines = Transcript.assertIntact(server.historyFile());
            for (int c = 0; c < CLIENTS; c++) {
                String sender = "[c" + c + "]:";
                assertThat(lines.stream().filter(line -> line.contains(sender)))
                        .as("c%d's messages, once each and in order", c)
                        .map(line -> line.substring(line.indexOf(sender) + sender.length()))
                        .containsExactlyElementsOf(messages(c));
            }
            server.awaitMetric("netcat_messages_total", CLIENTS * MESSAGES);
        }
    }

    private static Void sendAndCheckEachAck(WireClient client, String name, Path history) {
        int c = Integer.parseInt(name.substring(1));
        for (String message : messages(c)) {
            String line = "[" + name + "]:" + message;
            client.send("text " + message);
            assertThat(client.awaitLineContaining(line)).endsWith(line); // its own copy, then the ACK
            awaitAck(client); // others' messages may come between the two
            assertThat(read(history)).as("the file when the ACK of %s arrived", message).contains(line + "\n");
        }
        return null;
    }

    /** Skips pushed lines up to the next reply end; fails on an ERR. */
    private static void awaitAck(WireClient client) {
        while (true) {
            switch (client.next()) {
                case ServerStream.EndOfReply ack -> {
                    return;
                }
                case ServerStream.Line line when !line.isError() -> {
                    // someone else's message
                }
                case Object other -> throw new AssertionError("expected an ACK, got " + other);
            }
        }
    }

    private static List<String> messages(int client) {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            messages.add("c" + client + " message " + i);
        }
        return messages;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
