package org.netcatchat.server;

import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionLimitTest {
    @TempDir
    Path dir;

    @Test
    void eleventhConnectionWaitsForAFreeSlotAndIsAdmittedWhenOneLeaves() {
        // Eleven connections from one address: the limits per address are not under test.
        try (TestServer server = TestServer.start(dir, "--max-connections-per-ip", "0", "--connection-rate", "0")) {
            List<WireClient> admitted = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                admitted.add(server.connectAdmitted());
            }
            try (WireClient eleventh = server.connect()) {
                // A full round trip on every admitted connection: had the server accepted the eleventh
                // connection, it would have queued its greeting before answering these.
                for (WireClient client : admitted) {
                    assertThat(client.request("hist 1")).isEmpty();
                }
                assertThat(server.server().liveConnections()).isEqualTo(10);
                assertThat(eleventh.hasPending()).as("the eleventh got something while waiting").isFalse();

                admitted.getFirst().send("quit");
                admitted.getFirst().awaitClosed();

                eleventh.awaitGreeting();
                eleventh.join("late");
                assertThat(server.server().liveConnections()).isEqualTo(10);
            }
            admitted.forEach(WireClient::close);
        }
    }

    @Test
    void aClientThatVanishesWithoutQuitAlsoFreesItsSlot() {
        try (TestServer server = TestServer.start(dir, "--max-connections", "1")) {
            WireClient first = server.connectAdmitted();
            try (WireClient second = server.connect()) {
                assertThat(first.request("hist 1")).isEmpty();
                assertThat(second.hasPending()).isFalse();
                first.reset();
                second.awaitGreeting();
            }
        }
    }
}
