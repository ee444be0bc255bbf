package org.netcatchat.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.testing.WireClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that quits has its name back the moment it has read its connection's close: the server leaves the
 * chat before it closes the connection, so "reconnect and join under the same name" never meets "name taken".
 * (Before, the close came first and the name was let go a moment after; a fresh clone's test failed on it.)
 * A race, so it is asked many times over; every answer must be the ACK.
 */
class QuitFreesTheNameTest {
    @TempDir
    Path dir;

    @Test
    void aNameIsFreeAsSoonAsTheConnectionThatQuitIsClosed() {
        try (TestServer server = TestServer.start(dir, "--name-rate", "0", "--rate-limit", "0", "--connection-rate", "0",
                "--max-connections-per-ip", "0", "--replay-lines", "0")) {
            List<String> answers = new ArrayList<>();
            WireClient zoe = server.connectAdmitted();
            zoe.join("zoe");
            for (int round = 0; round < 300; round++) {
                zoe.send("quit");
                zoe.awaitClosed();
                zoe.close();
                zoe = server.connectAdmitted();
                List<String> reply = zoe.request("name zoe");
                answers.add(reply.isEmpty() ? "ACK" : String.join("\n", reply));
            }
            zoe.close();
            assertThat(answers).as("the answers to name zoe right after a quit").containsOnly("ACK");
        }
    }
}
