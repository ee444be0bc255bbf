package org.netcatchat.server.hardening;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.server.MeteredServer;
import org.netcatchat.testing.WireClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Limits per address against the real server, many connections from one loopback address. A second client
 * address is 127.0.0.2: the whole of 127/8 is loopback on Linux. A stepped clock that the test never moves makes
 * every budget exact: nothing refills while the test runs.
 */
class PerAddressLimitTest {
    private static final String PER_ADDRESS = "netcat_refused_connections_total{reason=\"per_address_limit\"}";
    private static final String CONNECTION_RATE = "netcat_refused_connections_total{reason=\"connection_rate\"}";

    @TempDir
    Path dir;

    @Test
    void theSixthConnectionFromOneAddressGetsOneLineAndIsClosedWithoutKeepingASlot() {
        // Six slots in all: the refused sixth gives its slot back at once, so another address still gets in.
        try (MeteredServer server = MeteredServer.start(dir, "--max-connections", "6")) {
            List<WireClient> five = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                five.add(server.connectAdmitted());
            }

            try (WireClient sixth = server.connect()) {
                assertThat(sixth.awaitClosed()).containsExactly("Closing: too many connections from your address (max 5).");
            }
            try (WireClient other = WireClient.connectFrom("127.0.0.2", server.port())) {
                other.awaitGreeting();
                other.join("other");
                server.awaitMetric(PER_ADDRESS, 1);
                assertThat(server.liveConnections()).isEqualTo(6);
            }
            five.forEach(WireClient::close);
        }
    }

    @Test
    void theReconnectLoopOfTheIssueBroadcastsNoMoreThanOneClientsBurst() {
        SteppedClock clock = new SteppedClock();
        // The address's ceiling set to one client's burst: each new connection starts with a full bucket of its
        // own, and the ceiling is what reconnecting cannot reset.
        try (MeteredServer server = MeteredServer.start(dir, clock, "--max-connections", "20",
                "--address-rate-limit", "20", "--address-rate-burst", "40")) {
            int refused = 0;
            for (int round = 0; round < 20; round++) {
                // connect, name, 39 x text, quit: what one client may send at once, sent by each new connection
                StringBuilder burst = new StringBuilder("name looper" + round + "\n");
                for (int i = 0; i < 39; i++) {
                    burst.append("text flood-").append(round).append('-').append(i).append('\n');
                }
                burst.append("quit\n");
                try (WireClient client = server.connect()) {
                    client.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
                    if (client.awaitClosed().contains("Closing: too many new connections from your address; try again in 2 s.")) {
                        refused++;
                    }
                }
            }

            List<String> history = Transcript.assertIntact(server.historyFile());
            long floods = history.stream().filter(line -> line.contains("flood-")).count();
            long joins = history.stream().filter(line -> line.contains("has joined")).count();
            // One burst of 40 frames for the address, names included; the clock stands still, so nothing refills.
            assertThat(floods + joins).isLessThanOrEqualTo(40);
            assertThat(floods).isEqualTo(39);
            assertThat(refused).as("a burst of 10 new connections, then one every 2 s").isEqualTo(10);
            server.awaitMetric(CONNECTION_RATE, 10);
        }
    }

    @Test
    void joinsAndRenamesCostFromTheAddressesBudgetWhateverTheConnection() {
        SteppedClock clock = new SteppedClock();
        try (MeteredServer server = MeteredServer.start(dir, clock, "--rate-limit", "0", "--connection-rate", "0")) {
            List<String> replies = new ArrayList<>();
            for (int round = 0; round < 12; round++) {
                try (WireClient client = server.connectAdmitted()) {
                    replies.add(String.join("", client.request("name hopper" + round)));
                    client.send("quit");
                    client.awaitClosed();
                }
            }

            assertThat(replies.subList(0, 10)).containsOnly("");
            assertThat(replies.subList(10, 12))
                    .containsOnly("ERR rate limited: too many names from your address, try again in a minute");
            assertThat(Transcript.assertIntact(server.historyFile()))
                    .filteredOn(line -> line.contains("has joined")).hasSize(10);
            try (WireClient elsewhere = WireClient.connectFrom("127.0.0.2", server.port())) {
                elsewhere.awaitGreeting();
                elsewhere.join("elsewhere");
            }
            clock.step(java.time.Duration.ofSeconds(10)); // 6 a minute
            try (WireClient client = server.connectAdmitted()) {
                client.join("hopper12");
                assertThat(client.request("name hopper13")).last().asString().startsWith("ERR rate limited");
            }
        }
    }
}
