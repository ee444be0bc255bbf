package org.netcatchat.server.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.protocol.Wire;
import org.netcatchat.server.history.HistoryFile;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Entries that something other than a node wrote into the shared streams (issue 19): ids that fit no position,
 * lines with LFs or of megabytes. Each is XADDed with Jedis into a real Redis that real nodes follow, the lobby's
 * stream and a room's alike, and what the members see afterwards is compared with what the chat promises
 * (docs/CLUSTER.md, Faults).
 */
@Timeout(180)
class ClusterPoisonIT {
    private static final String ROOM_KEY = "netcat:room:dev";
    /** The longest line, its LF included, under the default {@code --max-line-bytes}. */
    private static final int LONGEST_LINE = (int) HistoryFile.longestLine(Wire.DEFAULT_MAX_LINE_BYTES);

    @TempDir
    Path dir;

    @Test
    void anEntryWhoseSequenceFitsNoPositionIsPassedOverWithOneLogLineAndWhatFollowsIsDelivered() {
        try (Cluster cluster = Cluster.start(dir, 2, "--replay-lines", "0");
             WireClient anna = Cluster.joined(cluster.node(0).port(), "anna");
             WireClient bob = Cluster.joined(cluster.node(1).port(), "bob");
             RedisClient redis = RedisClient.create(cluster.redis.uri())) {
            Cluster.linesUntil(anna, line -> line.endsWith("] bob has joined our chat..."));
            Cluster.ok(anna, "join#dev");
            Cluster.ok(bob, "join#dev");
            StreamEntryID lobby = poison(redis, Cluster.KEY, "poisoned lobby");
            StreamEntryID room = poison(redis, ROOM_KEY, "poisoned room");
            // Redis' clock past the poisoned millisecond: the nodes' own next ids are of a later one, and fit.
            await().until(() -> redisMillis(redis) > Math.max(lobby.getTime(), room.getTime()));

            anna.send("text after");
            anna.send("tell#dev after too");
            List<String> seen = Cluster.linesUntil(bob, line -> line.endsWith("#dev[anna]:after too"));
            assertThat(seen).anyMatch(line -> line.endsWith("[anna]:after")).noneMatch(line -> line.contains("poisoned"));
            assertThat(Cluster.linesUntil(anna, line -> line.endsWith("#dev[anna]:after too")))
                    .noneMatch(line -> line.contains("poisoned"));

            WireClient carl = Cluster.joined(cluster.node(1).port(), "carl"); // a new name gets its ACK
            carl.close();
            assertThat(bob.request("hist")).noneMatch(line -> line.contains("poisoned"));
            assertThat(bob.request("hist#dev")).noneMatch(line -> line.contains("poisoned"));

            for (ServerProcess node : cluster.nodes) {
                await().untilAsserted(() -> {
                    assertThat(node.stderr()).filteredOn(line -> line.contains(lobby.toString())).hasSize(1)
                            .allMatch(line -> line.contains("passed over"));
                    assertThat(node.stderr()).filteredOn(line -> line.contains(room.toString())).hasSize(1);
                });
                assertThat(node.stderr()).noneMatch(line -> line.startsWith("\tat "));
            }
        }
    }

    @Test
    void aStreamWhoseNewestIdIsPastTheYear2109StillStartsANodeAndRefusesAppendsWithAnErrorNotADisconnect() {
        try (Cluster cluster = Cluster.start(dir, 1, "--replay-lines", "0");
             WireClient anna = Cluster.joined(cluster.node(0).port(), "anna");
             RedisClient redis = RedisClient.create(cluster.redis.uri())) {
            Cluster.ok(anna, "join#dev");
            StreamEntryID future = new StreamEntryID(5_000_000_000_000L, 0);
            redis.xadd(Cluster.KEY, future, Map.of("line", "from the future"));
            redis.xadd(ROOM_KEY, future, Map.of("line", "from the future"));

            // Redis' own ids now follow the future one, and fit no position either: refused, not ACKed, not kept.
            assertThat(anna.request("text refused")).singleElement().asString().startsWith("ERR history unavailable");
            assertThat(anna.request("text refused again")).singleElement().asString()
                    .startsWith("ERR history unavailable");
            assertThat(anna.request("tell#dev refused")).singleElement().asString()
                    .startsWith("ERR history unavailable");
            assertThat(anna.request("list")).singleElement().asString().startsWith("LIST 1"); // still connected
            assertThat(cluster.stream()).noneMatch(line -> line.contains("refused"));
            assertThat(cluster.roomStream("dev")).noneMatch(line -> line.contains("refused"));

            ServerProcess second = cluster.addNode(dir.resolve("node2"), "--replay-lines", "0"); // it starts
            try (WireClient bob = WireClient.connect(second.port())) {
                bob.awaitGreeting();
                assertThat(bob.request("name bob")).singleElement().asString().startsWith("ERR history unavailable");
            }
            assertThat(anna.hasPending()).isFalse(); // the future entry was not delivered
            await().untilAsserted(() -> assertThat(cluster.node(0).stderr())
                    .filteredOn(line -> line.contains("appends are refused")).hasSize(2)); // once a stream, not an append
            assertThat(cluster.node(0).stderr()).noneMatch(line -> line.startsWith("\tat "));
            assertThat(second.isAlive()).isTrue();
        }
    }

    /**
     * An id past 2^63-1 ms (Redis takes up to 2^64-1): Jedis cannot read it, and every id Redis makes after it is
     * past it too. The running node refuses what would append, with an error, never a broken connection, and says
     * why in one line; a node started on such a stream stops with that line. (On 8abb0da the member's connection
     * was closed by a NumberFormatException, and the follower logged a stack trace at every retry.)
     */
    @Test
    void aStreamIdPastWhatJedisReadsIsRefusedWithOneLineNeverADisconnect() {
        try (Cluster cluster = Cluster.start(dir, 1, "--replay-lines", "0");
             WireClient anna = Cluster.joined(cluster.node(0).port(), "anna");
             RedisClient redis = RedisClient.create(cluster.redis.uri())) {
            redis.sendCommand(Protocol.Command.XADD, Cluster.KEY, "18446744073709551615-0", "line",
                    "from past the end of time");

            assertThat(anna.request("text refused")).singleElement().asString().startsWith("ERR history unavailable");
            assertThat(anna.request("list")).singleElement().asString().startsWith("LIST 1"); // still connected
            try (WireClient bob = WireClient.connect(cluster.node(0).port())) {
                bob.awaitGreeting();
                assertThat(bob.request("name bob")).singleElement().asString().startsWith("ERR history unavailable");
                assertThat(bob.request("hist")).as("the history up to it").singleElement().asString()
                        .endsWith("] anna has joined our chat...");
            }
            assertThat(anna.hasPending()).isFalse();
            await().untilAsserted(() -> assertThat(cluster.node(0).stderr())
                    .filteredOn(line -> line.contains("cannot follow") && line.contains("past 2^63-1 ms")).hasSize(1));
            assertThat(cluster.node(0).stderr()).noneMatch(line -> line.startsWith("\tat "));

            try (ServerProcess second = ServerProcess.launch(dir, List.of("0", "--metrics-port", "0",
                    "--cluster", cluster.redis.uri()))) {
                assertThat(second.awaitExit()).isEqualTo(1);
                assertThat(second.stderr()).anyMatch(line -> line.startsWith("chat-server: cannot start:")
                        && line.contains("past 2^63-1 ms") && line.contains("until the stream is rebuilt"))
                        .noneMatch(line -> line.startsWith("\tat "));
            }
        }
    }

    @Test
    void aForeignEntryBecomesOneCleanBoundedLineLiveInTheReplayAndInHistInTheLobbyAndInARoom() {
        String forged = "first\nERR fake\nLIST 1 x\n[10:00:00][bob]:impostor";
        String oneLine = "first\uFFFDERR fake\uFFFDLIST 1 x\uFFFD[10:00:00][bob]:impostor";
        String huge = "x".repeat(2_000_000);
        try (Cluster cluster = Cluster.start(dir, 2, "--replay-lines", "10");
             WireClient anna = Cluster.joined(cluster.node(0).port(), "anna");
             WireClient bob = Cluster.joined(cluster.node(1).port(), "bob");
             RedisClient redis = RedisClient.create(cluster.redis.uri())) {
            Cluster.linesUntil(anna, line -> line.endsWith("] bob has joined our chat..."));
            Cluster.linesUntil(bob, line -> line.endsWith("] bob has joined our chat...")); // its replay
            Cluster.ok(anna, "join#dev");
            Cluster.linesUntil(anna, line -> line.endsWith("anna has joined #dev...")); // its room replay
            Cluster.ok(bob, "join#dev");
            Cluster.linesUntil(bob, line -> line.endsWith("bob has joined #dev..."));
            for (String key : List.of(Cluster.KEY, ROOM_KEY)) {
                redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("line", forged));
                redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("line", huge));
            }
            anna.send("text after");
            anna.send("tell#dev after too");

            // Live, on both nodes, to members of both streams: the lobby's pair and the room's. Anna's two ACKs
            // come before or after her echoes.
            assertOneLineEach(Cluster.linesUntilReplies(anna, 2, line -> line.endsWith("#dev[anna]:after too")),
                    oneLine, 2);
            assertOneLineEach(Cluster.linesUntil(bob, line -> line.endsWith("#dev[anna]:after too")), oneLine, 2);
            try (WireClient carl = Cluster.joined(cluster.node(1).port(), "carl")) { // the join replay
                assertOneLineEach(Cluster.linesUntil(carl, line -> line.endsWith("] carl has joined our chat...")),
                        oneLine, 1);
                Cluster.ok(carl, "join#dev");
                assertOneLineEach(Cluster.linesUntil(carl, line -> line.endsWith("carl has joined #dev...")), oneLine, 1);
            }
            assertOneLineEach(bob.request("hist"), oneLine, 1);
            assertOneLineEach(bob.request("hist#dev"), oneLine, 1);
            assertOneLineEach(anna.request("hist 20"), oneLine, 1);
        }
    }

    /**
     * The forged entry as one line, the huge one cut to the longest line under the default line limit, each
     * {@code times} (once a stream).
     */
    private static void assertOneLineEach(List<String> lines, String oneLine, int times) {
        assertThat(lines).filteredOn(oneLine::equals).hasSize(times);
        assertThat(lines).noneMatch(line -> line.startsWith("ERR") || line.startsWith("LIST")
                || line.startsWith("[10:00:00]"));
        assertThat(lines).filteredOn(line -> line.startsWith("xxx")).hasSize(times).allSatisfy(line -> {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length + 1).isLessThanOrEqualTo(LONGEST_LINE);
            assertThat(line).endsWith("x…");
        });
    }

    /** Redis' clock, as its {@code *} ids read it: the ms of a new entry in a key of no chat. */
    private static long redisMillis(RedisClient redis) {
        return redis.xadd("test:clock", StreamEntryID.NEW_ENTRY, Map.of("x", "y")).getTime();
    }

    /** XADD of an id in the newest entry's millisecond whose sequence, 3,000,000, is past the 2^21 a position holds. */
    private static StreamEntryID poison(RedisClient redis, String key, String line) {
        long ms = redis.xrevrange(key, "+", "-", 1).getFirst().getID().getTime();
        return redis.xadd(key, new StreamEntryID(ms, 3_000_000), Map.of("line", line));
    }
}
