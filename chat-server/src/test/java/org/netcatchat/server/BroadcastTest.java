package org.netcatchat.server;

import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.protocol.ServerStream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Many clients talking at once: one global order, the same for everyone and for the file. */
class BroadcastTest {
    static final int CLIENTS = 10;
    static final int MESSAGES_EACH = 200;

    @TempDir
    Path dir;

    @RepeatedTest(2)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tenClientsSendingTwoHundredMessagesAtOnceAllSeeTheSameTwoThousandLines() throws Exception {
        // The flood is deliberate here, from ten clients on one address: the limits are not under test.
        try (TestServer server = TestServer.start(dir, "--rate-limit", "0", "--max-connections-per-ip", "0")) {
            List<WireClient> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                WireClient client = server.connectAdmitted();
                client.join("user" + c);
                clients.add(client);
            }
            // Everyone is in: each has seen every join notice up to the last one.
            for (WireClient client : clients) {
                client.awaitLineContaining("user" + (CLIENTS - 1) + " has joined");
            }

            try (var scope = StructuredTaskScope.open(StructuredTaskScope.Joiner.<List<String>>allSuccessfulOrThrow())) {
                List<StructuredTaskScope.Subtask<List<String>>> received = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    WireClient client = clients.get(c);
                    int sender = c;
                    scope.fork(() -> {
                        for (int m = 0; m < MESSAGES_EACH; m++) {
                            client.send("text user" + sender + " message " + m);
                        }
                        return null;
                    });
                    received.add(scope.fork(() -> readMessages(client, CLIENTS * MESSAGES_EACH, MESSAGES_EACH)));
                }
                scope.join();

                List<String> first = received.getFirst().get();
                assertThat(first).hasSize(CLIENTS * MESSAGES_EACH);
                for (var each : received) {
                    assertThat(each.get()).containsExactlyElementsOf(first);
                }
                for (int c = 0; c < CLIENTS; c++) {
                    String prefix = "]:user" + c + " message ";
                    List<Integer> order = first.stream().filter(line -> line.contains(prefix))
                            .map(line -> Integer.parseInt(line.substring(line.indexOf(prefix) + prefix.length()))).toList();
                    assertThat(order).as("user%d's messages in the order sent", c).isSorted().hasSize(MESSAGES_EACH);
                }
                List<String> fromFile = server.historyLines().stream().filter(line -> line.contains("]:user")).toList();
                assertThat(fromFile).containsExactlyElementsOf(first);
            }
            clients.forEach(WireClient::close);
        }
    }

    /** Collects message lines until {@code messages} arrived and {@code acks} replies ended; fails on any ERR. */
    private static List<String> readMessages(WireClient client, int messages, int acks) {
        List<String> lines = new ArrayList<>(messages);
        int acked = 0;
        while (lines.size() < messages || acked < acks) {
            Object event = client.next();
            if (event instanceof ServerStream.EndOfReply) {
                acked++;
            } else if (event instanceof ServerStream.Line line) {
                assertThat(line.isError()).as(line.text()).isFalse();
                if (line.text().contains("]:user")) {
                    lines.add(line.text());
                }
            }
        }
        return lines;
    }
}
