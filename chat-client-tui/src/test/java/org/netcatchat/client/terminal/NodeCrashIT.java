package org.netcatchat.client.terminal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.client.fixtures.TmuxClient;
import org.netcatchat.protocol.ServerStream;
import org.netcatchat.testing.FreePort;
import org.netcatchat.testing.HaproxyProcess;
import org.netcatchat.testing.RedisProcess;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The terminal client against a real cluster (two real nodes on a real Redis) when the node it is on crashes
 * (SIGKILL) and comes back on the same port, as systemd restarts it. The dead connection's name lease outlives
 * the crash (up to 15 s): the client must not end the session on "name taken" while it may still be its own, but
 * say so, keep trying, and come back with exactly what it missed (issue 19).
 */
@Timeout(180)
class NodeCrashIT {
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void needTmux() {
        TmuxClient.requireTmux();
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
    }

    @Test
    void aCrashOfItsNodeKeepsTheSessionWhileTheDeadConnectionStillHoldsTheName() throws Exception {
        RedisProcess redis = RedisProcess.start(dir.resolve("redis"), RedisProcess.Persistence.NONE);
        open.add(redis);
        ServerProcess[] hers = {node(redis, "node1")};
        open.add(() -> hers[0].close());
        ServerProcess other = node(redis, "node2");
        open.add(other);
        WireClient bob = WireClient.connect(other.port());
        open.add(bob);
        bob.awaitGreeting();
        bob.join("bob");

        Path pane = Files.createDirectories(dir.resolve("pane"));
        TmuxClient alice = TmuxClient.start(pane, List.of(),
                List.of("--name", "alice", "127.0.0.1", Integer.toString(hers[0].port())));
        open.add(alice);
        alice.acceptName("alice");
        bob.awaitLineContaining("alice has joined our chat...");
        bob.send("text before the crash");
        alice.awaitScreenContaining("bob: before the crash");

        // Held from before the crash until the node is back, so the client's first try meets the new node while
        // the dead connection's lease is still there: made certain by renewing that lease as its node would have.
        alice.signalClient("STOP");
        try {
            hers[0] = hers[0].crashAndRestart();
            bob.send("text while alice's node was down");
            bob.awaitLineContaining("[bob]:while alice's node was down");
            assertThat(redisCli(redis, "PEXPIRE", "netcat:name:alice", "8000"))
                    .as("the dead connection's lease on alice is still there").isEqualTo("1");
        } finally {
            alice.signalClient("CONT");
        }

        alice.awaitScreenContaining("is still held by the connection that dropped");
        String back = awaitScreen(alice, "Reconnected as alice.");
        assertThat(back).doesNotContain("refused the name").doesNotContain("Could not tell");
        assertThat(back.lines().filter(line -> line.endsWith("bob: before the crash"))).hasSize(1);
        assertThat(back.lines().filter(line -> line.endsWith("bob: while alice's node was down"))).hasSize(1);
        assertThat(back).contains("\u2014 while you were away \u2014");

        alice.type("back after the crash").press("Enter");
        assertThat(bob.awaitLineContaining("back after the crash")).endsWith("[alice]:back after the crash");
    }

    /**
     * As an operator runs it (docs/CLUSTER.md): two nodes behind the shipped HAProxy configuration, and the node
     * the client is on killed for good. The client reconnects through HAProxy, lands on the other node while the
     * dead connection's lease still holds the name, keeps trying, and is back with what it missed; nobody is told
     * it left after it was back.
     */
    @Test
    void behindHaproxyTheClientOfAKilledNodeIsBackOnTheOtherNodeWithWhatItMissed() throws Exception {
        RedisProcess redis = RedisProcess.start(dir.resolve("redis"), RedisProcess.Persistence.NONE);
        open.add(redis);
        List<ServerProcess> nodes = List.of(behindProxy(redis, "node1"), behindProxy(redis, "node2"));
        open.addAll(nodes);
        HaproxyProcess haproxy = HaproxyProcess.shipped(dir.resolve("haproxy"), nodes);
        open.add(haproxy);

        Path pane = Files.createDirectories(dir.resolve("pane"));
        TmuxClient alice = TmuxClient.start(pane, List.of(),
                List.of("--name", "alice", "127.0.0.1", Integer.toString(haproxy.port())));
        open.add(alice);
        alice.acceptName("alice");
        int hers = await().atMost(Duration.ofSeconds(10)).until(() -> nodes.get(0).stderr().stream()
                .anyMatch(line -> line.endsWith("joined as alice")) ? 0 : nodes.get(1).stderr().stream()
                .anyMatch(line -> line.endsWith("joined as alice")) ? 1 : -1, index -> index >= 0);
        ServerProcess survivor = nodes.get(1 - hers);
        // Directly, from an address that is not HAProxy's: the node wants a PROXY header only from 127.0.0.1.
        WireClient bob = WireClient.connectFrom("127.0.0.2", survivor.port());
        open.add(bob);
        bob.awaitGreeting();
        bob.join("bob");
        bob.send("text before the crash");
        alice.awaitScreenContaining("bob: before the crash");

        long killedAt = System.nanoTime();
        nodes.get(hers).kill();
        alice.awaitScreenContaining("is still held by the connection that dropped");
        bob.send("text while alice was away");
        String back = awaitScreen(alice, "Reconnected as alice.");
        System.out.printf("alice was back on the other node %d ms after her node was killed%n",
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
        assertThat(back).doesNotContain("refused the name").doesNotContain("Could not tell");
        assertThat(back.lines().filter(line -> line.endsWith("bob: before the crash"))).hasSize(1);
        assertThat(back.lines().filter(line -> line.endsWith("bob: while alice was away"))).hasSize(1);
        assertThat(back).contains("\u2014 while you were away \u2014");
        assertThat(survivor.stderr()).anyMatch(line -> line.endsWith("joined as alice"));

        alice.type("back after the crash").press("Enter");
        List<String> bobSaw = linesUntil(bob, "[alice]:back after the crash");
        // Once the dead node is reaped (its heartbeat ran out with the name's lease), no leave notice of alice
        // comes after her join on the survivor: she is back, whichever of the two came first.
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250))
                .until(() -> redisCli(redis, "KEYS", "netcat:members:*").lines().count() == 1);
        bob.send("text after the reaping");
        bobSaw.addAll(linesUntil(bob, "[bob]:after the reaping"));
        int rejoined = bobSaw.lastIndexOf(bobSaw.stream().filter(line -> line.endsWith("] alice has joined our chat..."))
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("no rejoin in " + bobSaw)));
        assertThat(bobSaw.subList(rejoined, bobSaw.size())).noneMatch(line -> line.contains("alice has left"));
    }

    /** The lines a client receives (reply ends skipped) up to and including the first that ends with {@code last}. */
    private static List<String> linesUntil(WireClient client, String last) {
        List<String> lines = new ArrayList<>();
        while (lines.isEmpty() || !lines.getLast().endsWith(last)) {
            Object event = client.next();
            if (event instanceof ServerStream.Line line) {
                lines.add(line.text());
            } else if (!(event instanceof ServerStream.EndOfReply)) {
                throw new AssertionError("connection closed; lines so far: " + lines);
            }
        }
        return lines;
    }

    /** A node behind the shipped HAProxy: PROXY headers from it believed, and /readyz on a metrics port of its own. */
    private static ServerProcess behindProxy(RedisProcess redis, String name) {
        return node(redis, name, "--proxy-from", "127.0.0.1", "--metrics-port", Integer.toString(FreePort.pick()),
                "--metrics-bind", "127.0.0.1");
    }

    /** A node of the cluster, the limits per address off (every client here comes from 127.0.0.1). */
    private static ServerProcess node(RedisProcess redis, String name, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--cluster", redis.uri(), "--rate-limit", "0",
                "--max-connections-per-ip", "0", "--connection-rate", "0", "--name-rate", "0"));
        args.addAll(List.of(extraArgs));
        return ServerProcess.start(redis.dir().resolveSibling(name), args.toArray(String[]::new));
    }

    /** Longer than the screen's own deadline: the client waits 1, 2, 4 s, then 4 s again, between its tries. */
    private static String awaitScreen(TmuxClient client, String text) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.screen().contains(text));
        return client.screen();
    }

    private static String redisCli(RedisProcess redis, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(redis.port())));
        line.addAll(List.of(command));
        Process cli = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(cli.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
