package org.netcatchat.server.cluster;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.testing.RedisProcess;
import org.netcatchat.testing.WireClient;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rooms and private messages across real server jars on one real {@code redis-server}: one order per room for
 * every member on every node, exactly-once joins, a private message to another node stored nowhere, the rooms'
 * rosters cluster-wide, and a room's history in its stream. Every comparison is with the room's stream itself.
 */
@Timeout(180)
class ClusterRoomsIT {
    @TempDir
    Path dir;

    @Test
    void everyMemberOfARoomOnEveryNodeGetsItsStreamInOneOrderAndAVersion1ClientNothingOfIt() throws Exception {
        try (Cluster cluster = Cluster.start(dir, 3, "--replay-lines", "1");
             WireClient plain = Cluster.joined(cluster.node(0).port(), "plain")) {
            List<WireClient> members = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    WireClient member = Cluster.joined(cluster.node(i % 3).port(), "member" + i);
                    member.send("join#dev");
                    String own = "#dev member" + i + " has joined #dev...";
                    Cluster.linesUntil(member, line -> line.endsWith(own)); // its replay: its own notice
                    members.add(member);
                }
                int each = 20;
                CountDownLatch sent = new CountDownLatch(members.size());
                for (int i = 0; i < members.size(); i++) {
                    WireClient member = members.get(i);
                    int sender = i;
                    Thread.ofVirtual().start(() -> {
                        for (int n = 0; n < each; n++) {
                            member.send("tell#dev from " + sender + " number " + n);
                        }
                        sent.countDown();
                    });
                }
                assertThat(sent.await(60, TimeUnit.SECONDS)).isTrue();

                List<List<String>> seen = new ArrayList<>();
                for (WireClient member : members) {
                    int[] messages = {0};
                    seen.add(roomLines(Cluster.linesUntil(member,
                            line -> line.contains("#dev[") && ++messages[0] == members.size() * each)));
                }
                List<String> stream = cluster.roomStream("dev");
                assertThat(stream).filteredOn(line -> line.contains("#dev[")).hasSize(members.size() * each);
                for (int i = 0; i < members.size(); i++) {
                    int joinedAt = indexOfLineEndingWith(stream, "#dev member" + i + " has joined #dev...");
                    // After its own notice (its replay, read as it joined), every line of the room, once each, in
                    // the stream's order.
                    assertThat(seen.get(i)).as("member%d", i).isEqualTo(stream.subList(joinedAt + 1, stream.size()));
                }

                plain.send("text done");
                assertThat(Cluster.linesUntil(plain, line -> line.endsWith("[plain]:done")))
                        .noneMatch(line -> line.contains("#dev"));
                assertThat(cluster.stream()).noneMatch(line -> line.contains("#dev"));
            } finally {
                members.forEach(WireClient::close);
            }
        }
    }

    @RepeatedTest(3) // a race: each run interleaves the joins and the flood differently
    void joinsRacingAFloodInARoomFromAnotherNodeSeeEveryLineOfItExactlyOnce() throws Exception {
        int replay = 5;
        try (Cluster cluster = Cluster.start(dir, 3, "--replay-lines", Integer.toString(replay));
             WireClient flooder = Cluster.joined(cluster.node(0).port(), "flooder")) {
            Cluster.linesUntil(flooder, line -> line.endsWith("] flooder has joined our chat...")); // its replay
            Cluster.ok(flooder, "join#dev");
            int messages = 300;
            Thread flood = Thread.ofVirtual().start(() -> {
                for (int n = 0; n < messages; n++) {
                    flooder.send("tell#dev flood " + n);
                }
            });
            List<WireClient> joiners = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    WireClient joiner = Cluster.joined(cluster.node(1 + i % 2).port(), "joiner" + i);
                    joiner.send("join#dev");
                    joiners.add(joiner);
                }
                assertThat(flood.join(Duration.ofSeconds(60))).isTrue();
                flooder.send("tell#dev the end");

                Cluster.linesUntil(flooder, line -> line.endsWith("#dev[flooder]:the end"));
                List<String> stream = cluster.roomStream("dev");
                for (int i = 0; i < joiners.size(); i++) {
                    List<String> lines = roomLines(Cluster.linesUntil(joiners.get(i),
                            line -> line.endsWith("#dev[flooder]:the end")));
                    int joinedAt = indexOfLineEndingWith(stream, "#dev joiner" + i + " has joined #dev...");
                    int end = stream.indexOf(lines.getLast());
                    // The last `replay` lines up to and including its join notice, then every later one, once.
                    assertThat(lines).as("joiner%d", i)
                            .isEqualTo(stream.subList(Math.max(0, joinedAt - replay + 1), end + 1));
                }
            } finally {
                joiners.forEach(WireClient::close);
            }
        }
    }

    /**
     * A private message to someone on another node reaches them and the sender's echo, nobody else, and is stored
     * nowhere: not in any Redis key while the chat runs, nor in Redis' append-only file, nor in a node's log. A
     * lobby message sent alongside it is found in the append-only file, so the search there can fail.
     */
    @Test
    void aPrivateMessageReachesSomeoneOnAnotherNodeAndIsStoredNowhere() throws IOException {
        RedisProcess redis = RedisProcess.start(dir.resolve("redis"), RedisProcess.Persistence.APPEND_ONLY,
                "--appendfsync", "always");
        try (Cluster cluster = Cluster.start(redis, dir, 3, "--replay-lines", "0");
             WireClient alice = Cluster.joined(cluster.node(0).port(), "alice");
             WireClient bob = Cluster.joined(cluster.node(1).port(), "bob");
             WireClient carol = Cluster.joined(cluster.node(2).port(), "carol")) {
            for (WireClient each : List.of(alice, bob)) {
                each.awaitLineContaining("] carol has joined our chat..."); // then each is quiet
            }
            // Nothing is ACKed before the receiver's node queued it: the echo is queued first, then the ACK.
            assertThat(alice.request("tell BOB the word is xylophone-42")).singleElement().asString()
                    .matches("\\[[0-9: -]{19}]\\*\\[alice>bob]:the word is xylophone-42");
            assertThat(bob.awaitLineContaining("xylophone")).endsWith("]*[alice>bob]:the word is xylophone-42");
            assertThat(bob.request("tell alice got it")).singleElement().asString().endsWith("]*[bob>alice]:got it");
            assertThat(alice.awaitLineContaining("got it")).endsWith("]*[bob>alice]:got it");
            assertThat(alice.request("tell dave hello")).containsExactly("ERR nobody named dave is online");

            alice.send("text marimba-17 for everyone");
            for (WireClient each : List.of(alice, bob, carol)) {
                assertThat(Cluster.linesUntil(each, line -> line.endsWith("[alice]:marimba-17 for everyone")))
                        .noneMatch(line -> line.contains("xylophone"));
            }
            assertThat(everyValueInRedis(cluster)).anyMatch(value -> value.contains("marimba-17"))
                    .noneMatch(value -> value.contains("xylophone"));
            for (int node = 0; node < 3; node++) {
                assertThat(cluster.node(node).stderr()).noneMatch(line -> line.contains("xylophone"));
            }
            assertThat(filesUnder(redis.dir())).as("Redis' files").anyMatch(text -> text.contains("marimba-17"))
                    .noneMatch(text -> text.contains("xylophone"));
        }
    }

    @Test
    void roomAndListOfARoomNameTheMembersOfEveryNode() {
        try (Cluster cluster = Cluster.start(dir, 3, "--replay-lines", "0");
             WireClient alice = Cluster.joined(cluster.node(0).port(), "alice");
             WireClient bob = Cluster.joined(cluster.node(1).port(), "bob");
             WireClient probe = WireClient.connect(cluster.node(2).port())) {
            assertThat(String.join("\n", probe.awaitGreeting())).as("the greeting lists the room commands")
                    .contains("join#dev", "tell bob hi");
            alice.awaitLineContaining("] bob has joined our chat...");
            Cluster.ok(alice, "join#dev");
            Cluster.ok(alice, "join#ops");
            Cluster.ok(bob, "join#Dev");

            // Allowed before joining, and answered from Redis, so the same on every node.
            assertThat(probe.request("room")).containsExactly("ROOM #lobby 2", "ROOM #dev 2", "ROOM #ops 1");
            assertThat(probe.request("list#dev")).containsExactly("LIST 2 alice bob");
            assertThat(probe.request("list#nowhere")).containsExactly("LIST 0");

            alice.send("name Alicia");
            bob.awaitLineContaining("alice is now known as Alicia");
            assertThat(probe.request("list#dev")).containsExactly("LIST 2 Alicia bob");

            bob.send("part#dev");
            alice.awaitLineContaining("#dev bob has left #dev...");
            assertThat(probe.request("list#dev")).containsExactly("LIST 1 Alicia");
            assertThat(probe.request("room")).containsExactly("ROOM #lobby 2", "ROOM #dev 1", "ROOM #ops 1");
        }
    }

    /**
     * A room's stream is trimmed as the lobby's is ({@code --history-max-lines}), {@code hist#dev} reads it, and
     * after its node restarts a join replays it from the stream.
     */
    @Test
    void aRoomsHistoryIsItsStreamTrimmedAsTheLobbysAndReplayedAfterARestart() {
        try (Cluster cluster = Cluster.start(dir, 1, "--replay-lines", "3", "--history-max-lines", "200")) {
            try (WireClient alice = Cluster.joined(cluster.node(0).port(), "alice")) {
                alice.send("join#dev");
                for (int n = 0; n < 1500; n++) {
                    alice.send("tell#dev line " + n);
                }
                Cluster.linesUntilReplies(alice, 1 + 1500, line -> line.endsWith("#dev[alice]:line 1499"));
                List<String> stream = cluster.roomStream("dev");
                assertThat(stream.size()).isBetween(200, 300); // MAXLEN ~: at most a node of Redis' tree (100) more
                assertThat(alice.request("hist#dev")).isEqualTo(stream);
                assertThat(alice.request("hist#dev 2")).isEqualTo(stream.subList(stream.size() - 2, stream.size()));

                cluster.nodes.set(0, cluster.node(0).restart()); // SIGTERM, then the same port again
                alice.awaitClosed();
            }
            try (WireClient alice = Cluster.joined(cluster.node(0).port(), "alice")) {
                alice.send("join#dev");
                assertThat(roomLines(Cluster.linesUntil(alice, line -> line.endsWith("#dev alice has joined #dev..."))))
                        .satisfiesExactly(
                                first -> assertThat(first).endsWith("#dev[alice]:line 1499"),
                                second -> assertThat(second).endsWith("#dev alice has left our chat..."),
                                third -> assertThat(third).endsWith("#dev alice has joined #dev..."));
            }
        }
    }

    /**
     * A part whose removal from the room's hash failed (Redis away at that instant) leaves an entry there and in the
     * node's rooms-of set; such an entry is put in by hand here. When the node stops, it takes it out: no ghost
     * stays in {@code list#dev}.
     */
    @Test
    void aStoppingNodeTakesWhatItsRoomsOfSetStillNamesOutOfTheRooms() {
        try (Cluster cluster = Cluster.start(dir, 2, "--replay-lines", "0");
             WireClient alice = Cluster.joined(cluster.node(0).port(), "alice");
             WireClient bob = Cluster.joined(cluster.node(1).port(), "bob");
             RedisClient redis = RedisClient.create(cluster.redis.uri())) {
            alice.awaitLineContaining("] bob has joined our chat..."); // then alice is quiet
            Cluster.ok(alice, "join#dev");
            Cluster.ok(bob, "join#dev");
            String node = cluster.nodeId(0);
            redis.hset("netcat:room-members:dev", node + ":999", "ghost");
            redis.sadd("netcat:rooms-of:" + node, "999 dev");
            assertThat(bob.request("list#dev")).containsExactly("LIST 3 alice bob ghost");

            assertThat(cluster.node(0).stop()).isZero();
            assertThat(bob.awaitLineContaining("#dev alice has left our chat...")).isNotEmpty();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(bob.request("list#dev")).containsExactly("LIST 1 bob"));
            assertThat(redis.exists("netcat:rooms-of:" + node)).isFalse();
        }
    }

    /** The lines of named rooms: a room line has {@code #} right after its stamp. */
    private static List<String> roomLines(List<String> lines) {
        return lines.stream().filter(line -> line.length() > 21 && line.charAt(21) == '#').toList();
    }

    private static int indexOfLineEndingWith(List<String> lines, String end) {
        return IntStream.range(0, lines.size()).filter(k -> lines.get(k).endsWith(end)).findFirst().orElseThrow(
                () -> new AssertionError("no line ending with " + end + " in " + lines));
    }

    /** Every value of every key in Redis now: stream entries' fields, hashes, sets, strings. */
    private static List<String> everyValueInRedis(Cluster cluster) {
        List<String> values = new ArrayList<>();
        try (RedisClient redis = RedisClient.create(cluster.redis.uri())) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().count(500));
                for (String key : page.getResult()) {
                    values.add(key);
                    switch (redis.type(key)) {
                        case "stream" -> redis.xrange(key, "-", "+").forEach(entry -> values.addAll(entry.getFields().values()));
                        case "hash" -> values.addAll(redis.hgetAll(key).values());
                        case "set" -> values.addAll(redis.smembers(key));
                        case "string" -> values.add(redis.get(key));
                        default -> values.add("a key of another type: " + key);
                    }
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return values;
    }

    private static List<String> filesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(file -> {
                try {
                    return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
