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
        try (ServerProcess node = ServerProcess.start(dir.resolve("node"), "--proxy-from", "127.0.0.1",
                "--max-connections", "50", "--max-connections-per-ip", "2");
             HaproxyProcess haproxy = HaproxyProcess.shipped(dir.resolve("haproxy"), List.of(node.port()))) {
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
        try (ServerProcess node = ServerProcess.start(dir.resolve("node"), "--proxy-from", "192.0.2.1");
             HaproxyProcess haproxy = HaproxyProcess.shipped(dir.resolve("haproxy"), List.of(node.port()));
             WireClient client = WireClient.connectFrom("127.0.0.2", haproxy.port())) {
            client.awaitGreeting(); // the node speaks first: its greeting goes out before the header is seen
            assertThat(client.awaitClosed()).isEmpty();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(node.stderr()).anyMatch(line ->
                    line.contains("from 127.0.0.1:") && line.contains("PROXY protocol header, but its address is not in --proxy-from")));
        }
    }

    @Test
    void clientsArrivingJustAfterANodeIsKilledAreGreetedByTheOthers() {
        try (Cluster cluster = Cluster.start(dir, 3, "--replay-lines", "0", "--proxy-from", "127.0.0.1");
             HaproxyProcess haproxy = HaproxyProcess.shipped(dir.resolve("haproxy"), cluster.ports())) {
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
}
