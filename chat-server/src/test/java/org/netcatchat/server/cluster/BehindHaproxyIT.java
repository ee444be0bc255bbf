package org.netcatchat.server.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.testing.HaproxyProcess;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes behind a real HAProxy running the shipped configuration ({@code deploy/haproxy/haproxy.cfg}, only its ports
 * replaced), which sends a PROXY v2 header on every connection. Clients connect from several loopback addresses
 * (127.0.0.2, .3, .4; HAProxy itself connects from 127.0.0.1): the nodes must see each client's own address.
 * Each test fails on 6ab68f0 (no {@code --proxy-from}, and the documented configuration of then).
 */
@Timeout(180)
class BehindHaproxyIT {
    @TempDir
    Path dir;

    @Test
    void behindHaproxyEachClientIsLimitedAndLoggedByItsOwnAddress() {
        try (ServerProcess node = ServerProcess.start(dir.resolve("node"), Cluster.withMetrics("--proxy-from",
                "127.0.0.1", "--max-connections", "50", "--max-connections-per-ip", "2"));
             HaproxyProcess haproxy = HaproxyProcess.shipped(dir.resolve("haproxy"), List.of(node))) {
            List<WireClient> clients = new ArrayList<>();
            try {
                // Six clients through one proxy address, two per client address: all admitted. Without the PROXY
                // header the node would see 127.0.0.1 six times, and refuse the third.
                for (int i = 0; i < 6; i++) {
                    WireClient client = WireClient.connectFrom("127.0.0." + (2 + i % 3), haproxy.port());
                    clients.add(client);
                    client.awaitGreeting();
                    client.join("via" + i);
                }
                try (WireClient third = WireClient.connectFrom("127.0.0.2", haproxy.port())) {
                    assertThat(third.awaitClosed()).containsExactly("Closing: too many connections from your address (max 2).");
                }
                for (int i = 0; i < 6; i++) {
                    String address = "127.0.0." + (2 + i % 3);
                    String name = "via" + i;
                    int port = clients.get(i).socket().getLocalPort();
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(node.stderr())
                            .as("the log names the client's own address and port, and the proxy's")
                            .anyMatch(line -> line.contains("from " + address + ":" + port + " via 127.0.0.1:")
                                    && line.contains("joined as " + name)));
                }
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(node.stderr())
                        .anyMatch(line -> line.contains("from 127.0.0.2:") && line.contains("refused, per_address_limit")));
            } finally {
                clients.forEach(WireClient::close);
            }
        }
    }

    @Test
    void aHeaderFromAProxyThatIsNotListedIsRefused() {
        // The node trusts another address than HAProxy's: HAProxy's header must not be believed.
        try (ServerProcess node = ServerProcess.start(dir.resolve("node"),
                Cluster.withMetrics("--proxy-from", "192.0.2.1"));
             HaproxyProcess haproxy = HaproxyProcess.shipped(dir.resolve("haproxy"), List.of(node));
             WireClient client = WireClient.connectFrom("127.0.0.2", haproxy.port())) {
            client.awaitGreeting(); // the node speaks first: its greeting goes out before the header is seen
            assertThat(client.awaitClosed()).isEmpty();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(node.stderr()).anyMatch(line ->
                    line.contains("from 127.0.0.1:") && line.contains("PROXY protocol header, but its address is not in --proxy-from")));
        }
    }

    @Test
    void clientsArrivingJustAfterANodeIsKilledAreGreetedByTheOthers() {
        try (Cluster cluster = Cluster.startWithMetrics(dir, 3, "--replay-lines", "0", "--proxy-from", "127.0.0.1");
             HaproxyProcess haproxy = HaproxyProcess.shipped(dir.resolve("haproxy"), cluster.nodes)) {
            // Every node serves through HAProxy before the crash (its checks have found them all UP).
            List<WireClient> before = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                before.add(Cluster.joined(haproxy.port(), "before" + i));
            }
            for (int node = 0; node < 3; node++) {
                int index = node;
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.node(index).stderr())
                        .anyMatch(line -> line.contains("joined as before")));
            }
            long killedAt = System.nanoTime();
            cluster.node(1).kill();
            List<WireClient> after = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    after.add(WireClient.connectFrom("127.0.0." + (2 + i), haproxy.port()));
                }
                for (int i = 0; i < 6; i++) {
                    after.get(i).awaitGreeting(); // within WireClient's deadline, or it fails
                    after.get(i).join("after" + i);
                }
                System.out.printf("6 clients connected at the kill, all greeted and joined %d ms after it%n",
                        Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
                for (int i = 0; i < 6; i++) {
                    String name = "after" + i;
                    // A node's log is read on a thread of the fixture's own: it may lag the join's ACK.
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(List.of(0, 2))
                            .as("%s is served by a live node", name).anyMatch(node -> cluster.node(node).stderr()
                                    .stream().anyMatch(line -> line.contains("joined as " + name))));
                }
            } finally {
                after.forEach(WireClient::close);
                before.forEach(WireClient::close);
            }
        }
    }

    @Test
    void aNodeThatCannotAppendGetsNoNewClientsAndKeepsTheOnesItHas() {
        // Two nodes, each on a Redis of its own, so that one of them alone can lose its Redis: the shipped check
        // asks /readyz, which is 503 while the node cannot append. (Fails with the TCP check of 8ff0489: HAProxy
        // never marks the node DOWN, and half of the clients below would be sent to a node that refuses their text.)
        try (Cluster stalled = Cluster.startWithMetrics(dir.resolve("stalled"), 1, "--proxy-from", "127.0.0.1");
             Cluster healthy = Cluster.startWithMetrics(dir.resolve("healthy"), 1, "--proxy-from", "127.0.0.1");
             HaproxyProcess haproxy = HaproxyProcess.shipped(dir.resolve("haproxy"),
                     List.of(stalled.node(0), healthy.node(0)))) {
            List<WireClient> clients = new ArrayList<>();
            try {
                // Round-robin: of two clients, one is on each node.
                clients.add(Cluster.joined(haproxy.port(), "keeper0"));
                clients.add(Cluster.joined(haproxy.port(), "keeper1"));
                WireClient keeper = await().atMost(Duration.ofSeconds(10)).until(() -> clients.stream()
                        .filter(client -> joinedOn(stalled, "keeper" + clients.indexOf(client))).findFirst(),
                        java.util.Optional::isPresent).orElseThrow();

                stalled.redis.pause();
                await().atMost(Duration.ofSeconds(30)).until(() -> haproxy.log().contains("nodes/node1 is DOWN"));
                for (int i = 0; i < 6; i++) {
                    WireClient client = Cluster.joined(haproxy.port(), "newcomer" + i);
                    clients.add(client);
                    String text = "hello from newcomer" + i;
                    client.send("text" + text);
                    assertThat(Cluster.linesUntilReplies(client, 1, line -> line.endsWith("]:" + text)))
                            .noneMatch(line -> line.startsWith("ERR"));
                }
                for (int i = 0; i < 6; i++) {
                    String name = "newcomer" + i;
                    await().atMost(Duration.ofSeconds(10)).until(() -> joinedOn(healthy, name));
                    assertThat(joinedOn(stalled, name)).as("%s was sent to the node that cannot append", name).isFalse();
                }

                stalled.redis.resume();
                await().atMost(Duration.ofSeconds(30)).until(() -> haproxy.log().contains("nodes/node1 is UP"));
                // The member of the node that could not append kept its session, and chats again.
                keeper.send("textstill here");
                assertThat(Cluster.linesUntilReplies(keeper, 1, line -> line.endsWith("]:still here")))
                        .noneMatch(line -> line.startsWith("ERR"));
            } finally {
                stalled.redis.resume();
                clients.forEach(WireClient::close);
            }
        }
    }

    /** Whether the node of this one-node cluster logged a join as {@code name}. */
    private static boolean joinedOn(Cluster cluster, String name) {
        return cluster.node(0).stderr().stream().anyMatch(line -> line.endsWith("joined as " + name)
                || line.contains("joined as " + name + " "));
    }
}
