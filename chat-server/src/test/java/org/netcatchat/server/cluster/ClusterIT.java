package org.netcatchat.server.cluster;

import org.netcatchat.testing.HaproxyProcess;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import org.netcatchat.testing.WireClient;
import org.netcatchat.protocol.ServerStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three real server jars, each with {@code --cluster} to one real {@code redis-server}, and clients spread over
 * them: they are one chat. Every comparison is with the stream itself ({@code XRANGE}).
 */
@Timeout(180)
class ClusterIT {
    @TempDir
    Path dir;

    @Test
    void everyClientOnEveryNodeReceivesTheStreamInItsOrder() throws Exception {
        try (Cluster cluster = Cluster.start(dir, 3, "--replay-lines", "1000")) {
            List<WireClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    clients.add(Cluster.joined(cluster.node(i % 3).port(), "user" + i));
                }
                int each = 25;
                CountDownLatch sent = new CountDownLatch(clients.size());
                for (int i = 0; i < clients.size(); i++) {
                    WireClient client = clients.get(i);
                    int sender = i;
                    Thread.ofVirtual().start(() -> {
                        for (int n = 0; n < each; n++) {
                            client.send("text from " + sender + " number " + n);
                        }
                        sent.countDown();
                    });
                }
                assertThat(sent.await(60, TimeUnit.SECONDS)).isTrue();

                List<List<String>> seen = new ArrayList<>();
                for (WireClient client : clients) {
                    seen.add(Cluster.linesUntilMessages(client, clients.size() * each));
                }
                List<String> stream = cluster.stream();

                assertThat(stream).hasSize(6 + 6 * each); // the joins, then the messages
                for (List<String> lines : seen) {
                    assertThat(lines).isEqualTo(stream); // replay (the whole stream so far) + live, once each
                }
            } finally {
                clients.forEach(WireClient::close);
            }
        }
    }

    @RepeatedTest(3) // a race: each run interleaves the joins and the flood differently
    void joinsRacingAFloodFromAnotherNodeSeeEveryLineExactlyOnce() throws Exception {
        int replay = 5;
        try (Cluster cluster = Cluster.start(dir, 3, "--replay-lines", Integer.toString(replay));
             WireClient flooder = Cluster.joined(cluster.node(0).port(), "flooder")) {
            int messages = 400;
            Thread flood = Thread.ofVirtual().start(() -> {
                for (int n = 0; n < messages; n++) {
                    flooder.send("text flood " + n);
                }
            });
            List<WireClient> joiners = new ArrayList<>();
            try {
                for (int i = 0; i < 9; i++) {
                    joiners.add(Cluster.joined(cluster.node(i % 3).port(), "joiner" + i));
                }
                assertThat(flood.join(Duration.ofSeconds(60))).isTrue();
                flooder.send("text the end");

                Cluster.linesUntil(flooder, line -> line.endsWith("]:the end"));
                List<String> stream = cluster.stream();
                for (int i = 0; i < joiners.size(); i++) {
                    List<String> lines = Cluster.linesUntil(joiners.get(i), line -> line.endsWith("]:the end"));
                    String joinNotice = "] joiner" + i + " has joined";
                    int joinedAt = IntStream.range(0, stream.size()).filter(k -> stream.get(k).contains(joinNotice))
                            .findFirst().orElseThrow();
                    int end = stream.indexOf(lines.getLast());
                    // The last `replay` entries up to and including its join notice, then every later one, once.
                    assertThat(lines).as("joiner%d", i).isEqualTo(stream.subList(Math.max(0, joinedAt - replay + 1), end + 1));
                }
            } finally {
                joiners.forEach(WireClient::close);
            }
        }
    }

    /**
     * A node leaves the chat for a client that quits before it closes the connection, and waits for the leave
     * notice to come back from the stream, when the name's lease is let go: so the name is free, on every node, as
     * soon as the client has read the close. A race, asked many times over, alternating the nodes.
     */
    @Test
    void aNameIsFreeOnEveryNodeAsSoonAsTheConnectionThatQuitIsClosed() {
        try (Cluster cluster = Cluster.start(dir, 2, "--replay-lines", "0")) {
            List<String> answers = new ArrayList<>();
            WireClient zoe = Cluster.joined(cluster.node(0).port(), "zoe");
            for (int round = 1; round <= 60; round++) {
                zoe.send("quit");
                zoe.awaitClosed();
                zoe.close();
                zoe = WireClient.connect(cluster.node(round % 2).port());
                zoe.awaitGreeting();
                answers.add(zoe.answer("name zoe"));
            }
            zoe.close();
            assertThat(answers).as("the answers to name zoe right after a quit").containsOnly("ACK");
        }
    }

    @Test
    void aNameTakenOnOneNodeIsRefusedOnAnotherAndFreeAgainAfterLeaving() {
        try (Cluster cluster = Cluster.start(dir, 2)) {
            WireClient alice = Cluster.joined(cluster.node(0).port(), "alice");
            try (WireClient impostor = WireClient.connect(cluster.node(1).port())) {
                impostor.awaitGreeting();
                // NFKC and case folding as on one node: ALICE is alice.
                assertThat(impostor.request("name ALICE")).singleElement().asString().startsWith("ERR name taken");

                alice.send("quit");
                alice.awaitClosed();
                alice.close();
                // alice's node releases the name once her connection has ended: asking again until it is free.
                await().atMost(Duration.ofSeconds(20)).until(() -> impostor.request("name ALICE").isEmpty());
                assertThat(impostor.awaitLineContaining("ALICE has joined")).isNotEmpty();
            }
        }
    }

    @Test
    void histPagesThroughTheStreamAndListNamesTheWholeCluster() {
        try (Cluster cluster = Cluster.start(dir, 2, "--replay-lines", "0");
             WireClient a = Cluster.joined(cluster.node(0).port(), "anna");
             WireClient b = Cluster.joined(cluster.node(1).port(), "bert")) {
            for (int n = 0; n < 1200; n++) { // more than two pages of StreamLog.copyTail
                a.send("text line " + n);
            }
            a.send("text last");
            Cluster.linesUntil(b, line -> line.endsWith("]:last"));
            List<String> stream = cluster.stream();

            assertThat(b.request("hist 3")).isEqualTo(stream.subList(stream.size() - 3, stream.size()));
            assertThat(b.request("hist 700")).isEqualTo(stream.subList(stream.size() - 700, stream.size()));
            assertThat(b.request("hist")).isEqualTo(stream);
            assertThat(b.request("list")).containsExactly("LIST 2 anna bert");
        }
    }

    /**
     * Replies keep the order of the commands on every node, also when a client sends many without waiting:
     * here a {@code list} after every fourth {@code text}, whose reply must not overtake the text's ACK; and
     * each sender receives each of its own lines once, in the order sent (before or after its ACK:
     * docs/PROTOCOL.md).
     */
    @Test
    void pipelinedCommandsGetTheirRepliesInOrderAndEverySenderItsOwnLines() throws Exception {
        int each = 200;
        try (Cluster cluster = Cluster.start(dir, 2, "--replay-lines", "0", "--rate-limit", "0");
             WireClient anna = Cluster.joined(cluster.node(0).port(), "anna");
             WireClient bert = Cluster.joined(cluster.node(1).port(), "bert")) {
            List<String> commands = new ArrayList<>();
            for (int n = 0; n < each; n++) {
                commands.add("text line " + n);
                if (n % 4 == 3) {
                    commands.add("list");
                }
            }
            List<Thread> sending = new ArrayList<>();
            for (WireClient sender : List.of(anna, bert)) {
                sending.add(Thread.ofVirtual().start(() -> commands.forEach(sender::send)));
            }
            for (WireClient sender : List.of(anna, bert)) {
                String own = sender == anna ? "[anna]:line " : "[bert]:line ";
                List<String> echoes = new ArrayList<>();
                boolean listed = false;
                for (String command : commands) { // each end of reply ends the reply to the next command sent
                    while (true) {
                        Object event = sender.next();
                        if (event instanceof ServerStream.Line line) {
                            if (line.text().contains(own)) {
                                echoes.add(line.text());
                            } else if (line.text().startsWith("LIST ")) {
                                assertThat(command).as("%s: a LIST line while the reply to \"%s\" is due", own, command)
                                        .isEqualTo("list");
                                listed = true;
                            }
                        } else if (event instanceof ServerStream.EndOfReply) {
                            break;
                        } else {
                            throw new AssertionError("connection closed before the reply to " + command);
                        }
                    }
                    if (command.equals("list")) {
                        assertThat(listed).as("%s: the LIST line before its end of reply", own).isTrue();
                        listed = false;
                    }
                }
                if (echoes.size() < each) { // the last echoes may come after the last ACK
                    Cluster.linesUntil(sender, line -> line.endsWith(own + (each - 1))).stream()
                            .filter(line -> line.contains(own)).forEach(echoes::add);
                }
                assertThat(echoes).as("%s: each own line once, in the order sent", own).hasSize(each);
                for (int n = 0; n < each; n++) {
                    assertThat(echoes.get(n)).endsWith(own + n);
                }
            }
            for (Thread thread : sending) {
                thread.join();
            }
        }
    }

    /**
     * A client that quits right after its last text (as the piped client does when its input ends) still gets
     * its own lines: in a cluster they come back through the stream, possibly after their ACK (here behind a
     * flood from another node that its node's follower delivers first), and the node waits for them before it
     * closes the connection.
     */
    @RepeatedTest(3)
    void aClientThatQuitsRightAfterItsLastTextStillGetsItsOwnLines() throws Exception {
        int each = 50;
        try (Cluster cluster = Cluster.start(dir, 2, "--replay-lines", "0", "--rate-limit", "0");
             WireClient anna = Cluster.joined(cluster.node(0).port(), "anna");
             WireClient bert = Cluster.joined(cluster.node(1).port(), "bert")) {
            Thread flood = Thread.ofVirtual().start(() -> {
                for (int n = 0; n < 3000; n++) {
                    bert.send("text flood " + n);
                }
            });
            anna.awaitLineContaining("[bert]:flood 0");
            for (int n = 0; n < each; n++) {
                anna.send("text line " + n);
            }
            anna.send("quit");
            flood.join();
            List<String> own = anna.awaitClosed().stream().filter(line -> line.contains("[anna]:line ")).toList();
            assertThat(own).as("anna's own lines before the node closed her connection").hasSize(each);
            for (int n = 0; n < each; n++) {
                assertThat(own.get(n)).endsWith("[anna]:line " + n);
            }
        }
    }

    @Test
    void throughHaproxyRoundRobinClientsOnThreeNodesAreOneChat() {
        try (Cluster cluster = Cluster.start(dir, 3, "--replay-lines", "0");
             HaproxyProcess haproxy = HaproxyProcess.roundRobin(dir.resolve("haproxy"), cluster.ports())) {
            List<WireClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    clients.add(Cluster.joined(haproxy.port(), "via" + i));
                }
                // Round-robin: two clients on each node, as each node's log says. The log is read on a thread of
                // its own and may lag behind the join's ACK, so wait for it (a wrong spread still fails here).
                for (int node = 0; node < 3; node++) {
                    int index = node;
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                            assertThat(cluster.node(index).stderr()).as("node %d", index)
                                    .filteredOn(line -> line.contains("joined as via")).hasSize(2));
                }
                assertThat(clients.getLast().request("list")).containsExactly("LIST 6 via0 via1 via2 via3 via4 via5");
                Map<Integer, List<String>> seen = new ConcurrentHashMap<>();
                for (int i = 0; i < clients.size(); i++) {
                    clients.get(i).send("text hello from " + i);
                }
                for (int i = 0; i < clients.size(); i++) {
                    seen.put(i, Cluster.linesUntilMessages(clients.get(i), clients.size()));
                }
                List<String> stream = cluster.stream();
                List<String> messages = stream.stream().filter(line -> line.contains("]:")).toList();
                assertThat(messages).hasSize(6);
                for (List<String> lines : seen.values()) {
                    assertThat(lines.stream().filter(line -> line.contains("]:")).toList()).isEqualTo(messages);
                }
            } finally {
                clients.forEach(WireClient::close);
            }
        }
    }

    @Test
    void historyMaxLinesKeepsTheStreamAtAboutThatManyEntriesAndHistStillWorks() {
        try (Cluster cluster = Cluster.start(dir, 1, "--replay-lines", "0", "--history-max-lines", "200");
             WireClient anna = Cluster.joined(cluster.node(0).port(), "anna")) {
            for (int n = 0; n < 1500; n++) {
                anna.send("text line " + n);
            }
            Cluster.linesUntil(anna, line -> line.endsWith("[anna]:line 1499"));
            List<String> stream = cluster.stream();

            // MAXLEN ~: whole nodes of Redis' tree are dropped, so at least 200 and at most a node (100) more.
            assertThat(stream.size()).isBetween(200, 300);
            assertThat(stream.getLast()).endsWith("[anna]:line 1499");
            try (WireClient reader = WireClient.connect(cluster.node(0).port())) {
                reader.awaitGreeting();
                assertThat(reader.request("hist")).isEqualTo(stream); // hist is allowed before joining
            }
        }
    }

    @Test
    void entriesWrittenIntoTheStreamByAnythingElseCannotStopANodeOrReachAClientUnclean() {
        try (Cluster cluster = Cluster.start(dir, 1, "--replay-lines", "0");
             WireClient anna = Cluster.joined(cluster.node(0).port(), "anna");
             RedisClient redis = RedisClient.create(cluster.redis.uri())) {
            String node = cluster.nodeId(0);
            redis.xadd(Cluster.KEY, StreamEntryID.NEW_ENTRY, Map.of("line", "a join tag that is no number", "joiner", node + ":x"));
            redis.xadd(Cluster.KEY, StreamEntryID.NEW_ENTRY, Map.of("something", "else"));
            redis.xadd(Cluster.KEY, StreamEntryID.NEW_ENTRY, Map.of("line", "\u001b]0;owned\u0007 bell"));

            anna.send("text still delivered");
            List<String> seen = Cluster.linesUntil(anna, line -> line.endsWith("[anna]:still delivered"));
            assertThat(seen).contains("a join tag that is no number", "\uFFFD]0;owned\uFFFD bell");
        }
    }
}
