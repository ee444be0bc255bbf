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

/** A join racing a flood: the joiner's replay and its live lines meet without a gap or an overlap. */
class JoinRaceTest {
    static final int FLOOD = 1500;

    @TempDir
    Path dir;

    @RepeatedTest(5)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aClientJoiningDuringAFloodSeesEachMessageExactlyOnce() throws Exception {
        try (TestServer server = TestServer.start(dir, "--rate-limit", "0", "--replay-lines", "50")) {
            joinDuringAFloodAndSeeEachMessageOnce(server);
        }
    }

    /**
     * The race: one client floods {@value #FLOOD} messages while another joins a third of the way in; the
     * joiner's replay and live lines must give every message from some point on exactly once, in order.
     * Shared with the rotation test, where the replay crosses files.
     */
    static void joinDuringAFloodAndSeeEachMessageOnce(TestServer server) throws Exception {
        WireClient flooder = server.connectAdmitted();
        flooder.join("flooder");
        WireClient joiner = server.connectAdmitted();
        try (var scope = StructuredTaskScope.open(StructuredTaskScope.Joiner.<Object>awaitAllSuccessfulOrThrow())) {
            scope.fork(() -> {
                for (int i = 0; i < FLOOD; i++) {
                    flooder.send("text " + i);
                }
                return null;
            });
            scope.fork(() -> {
                // join once the flood is under way, so the join lands in the middle of it
                flooder.awaitLineContaining("]:" + FLOOD / 3);
                joiner.send("name joiner");
                return null;
            });
            scope.join();
        }
        assertThat(joiner.nextReply()).as("the ACK comes before any replayed line").isEmpty();
        List<Integer> seen = new ArrayList<>();
        while (seen.isEmpty() || seen.getLast() < FLOOD - 1) {
            if (joiner.next() instanceof ServerStream.Line line && line.text().contains("[flooder]:")) {
                seen.add(Integer.parseInt(line.text().substring(line.text().indexOf("]:") + 2)));
            }
        }
        int first = seen.getFirst();
        assertThat(first).as("the join happened during the flood").isGreaterThan(0);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("message %d after the first one seen", i).isEqualTo(first + i);
        }
        flooder.close();
        joiner.close();
    }
}
