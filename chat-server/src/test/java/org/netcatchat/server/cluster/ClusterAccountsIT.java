package org.netcatchat.server.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.protocol.Password;
import org.netcatchat.server.MeteredServer;
import org.netcatchat.server.accounts.HashCost;
import org.netcatchat.server.accounts.PasswordHash;
import org.netcatchat.testing.RedisProcess;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Owned names and operators across two cluster nodes on a real Redis (issue 18): a name registered on one node is
 * protected on the other while its owner is away, and survives a node's restart; an operator on one node kicks,
 * bans and mutes a member attached to the other; bans apply on every node and are listed and lifted from any; the
 * guessing limit holds on a node; no password is in Redis or a node's log. One cluster for the class (each test
 * has names and loopback addresses of its own), with both nodes given the same {@code --operator}s, as CLUSTER.md
 * says every node must be.
 */
class ClusterAccountsIT {
    private static final HashCost CHEAP = new HashCost(1024, 1, 1);
    private static final String ROOT_PASSWORD = "root-secret-in-clear";
    private static final String ADMIN_PASSWORD = "admin-secret-in-clear";
    private static final String ALICE_PASSWORD = "alice-secret-in-clear";
    private static final String WRONG_GUESS = "guess-secret-in-clear";

    @TempDir
    static Path dir;
    private static Cluster cluster;

    @BeforeAll
    static void start() {
        String root = PasswordHash.of(new Password(ROOT_PASSWORD), CHEAP, new SecureRandom()).encode();
        String admin = PasswordHash.of(new Password(ADMIN_PASSWORD), CHEAP, new SecureRandom()).encode();
        cluster = Cluster.startWithMetrics(dir, 2, "--operator", "root:" + root, "--operator", "admin:" + admin,
                "--password-memory", "1024", "--password-iterations", "1");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aNameRegisteredOnOneNodeIsRefusedOnTheOtherWhileItsOwnerIsAwayAndSurvivesARestart() {
        try (WireClient watcher = joinedFrom("127.0.0.30", 1, "watcher30")) {
            try (WireClient alice = joinedFrom("127.0.0.31", 0, "alice")) {
                assertThat(reply(alice, "pass " + ALICE_PASSWORD)).isEqualTo("ACK");
                quit(alice);
            }
            watcher.awaitLineContaining("alice has left"); // its leave is out: the name is free, and still owned

            try (WireClient mallory = connectFrom("127.0.0.32", 1)) {
                assertThat(reply(mallory, "name alice")).isEqualTo("ERR name registered: alice is a registered name;"
                        + " send name alice followed by its password");
                assertThat(reply(mallory, "name ALICE " + WRONG_GUESS)).isEqualTo("ERR name registered: wrong password for alice");
                assertThat(reply(mallory, "pass " + WRONG_GUESS)).startsWith("ERR join first");
            }
            try (WireClient alice = rejoined("127.0.0.31", 1, "alice " + ALICE_PASSWORD)) { // taken back on the other node
                quit(alice);
            }
            watcher.awaitLineContaining("alice has left");
        }
        try (RedisClient redis = RedisClient.create(cluster.redis.uri())) {
            assertThat(redis.hget("netcat:accounts", "alice")).startsWith("alice $argon2id$v=19$");
        }

        ServerProcess restarted = cluster.node(0).restart(); // the same port and directory: every node forgets, Redis keeps
        cluster.nodes.set(0, restarted);
        try (WireClient mallory = connectFrom("127.0.0.32", 0)) {
            assertThat(reply(mallory, "name alice")).startsWith("ERR name registered: alice is a registered name");
        }
        try (WireClient alice = rejoined("127.0.0.31", 0, "alice " + ALICE_PASSWORD)) {
            assertThat(reply(alice, "text back after the restart")).isEqualTo("ACK");
        }
    }

    @Test
    void anOperatorOnOneNodeKicksAMemberOfTheOtherWithAndWithoutABanThatAppliesOnEveryNode() {
        try (WireClient root = operator("127.0.0.40", 0, "root", ROOT_PASSWORD);
             WireClient carol = joinedFrom("127.0.0.42", 1, "carol")) {
            try (WireClient bob = joinedFrom("127.0.0.41", 1, "bob")) {
                assertThat(reply(root, "kick bob flooding")).isEqualTo("ACK");
                assertThat(bob.awaitClosed()).last().isEqualTo("Closing: you were removed by root: flooding.");
            }
            carol.awaitLineContaining("bob was removed by root: flooding...");
            // Without a duration nothing is banned: bob is back at once, from the same address, on either node.
            try (WireClient bob = rejoined("127.0.0.41", 0, "bob")) {
                assertThat(reply(root, "kick bob 1h spam")).isEqualTo("ACK");
                assertThat(bob.awaitClosed()).last().asString()
                        .startsWith("Closing: you were removed by root: spam. You are banned until ");
            }
            carol.awaitLineContaining("bob was removed by root: spam...");

            for (int node = 0; node < 2; node++) {
                try (WireClient again = WireClient.connectFrom("127.0.0.41", cluster.ports().get(node))) {
                    assertThat(again.awaitClosed()).as("node " + node).singleElement().asString()
                            .startsWith("Closing: your address is banned until ");
                }
                try (WireClient other = connectFrom("127.0.0.43", node)) {
                    assertThat(reply(other, "name bob")).as("node " + node).startsWith("ERR banned: bob is banned until ")
                            .endsWith(" by root: spam");
                    assertThat(reply(other, "name dave" + node)).as("another name, another address").isEqualTo("ACK");
                }
            }
            assertThat(reply(carol, "kick dave0")).isEqualTo("ERR not allowed: only an operator may kick");

            try (WireClient admin = operator("127.0.0.44", 1, "admin", ADMIN_PASSWORD)) {
                assertThat(admin.request("bans")).anyMatch(line -> line.startsWith("BAN name bob until ") && line.endsWith(" by root: spam"))
                        .anyMatch(line -> line.startsWith("BAN address 127.0.0.41 until "));
                assertThat(reply(admin, "kick root")).startsWith("ERR not allowed: root is an operator");
                assertThat(reply(admin, "unbn bob")).isEqualTo("ACK");
                assertThat(reply(admin, "unbn 127.0.0.41")).isEqualTo("ACK");
                assertThat(reply(admin, "unbn bob")).startsWith("ERR no ban of bob");
            }
            try (WireClient bob = rejoined("127.0.0.41", 0, "bob")) {
                assertThat(reply(bob, "text back")).isEqualTo("ACK");
            }
        }
    }

    @Test
    void aMuteFromAnotherNodeHoldsWhereverTheMemberJoinsAndEndsByItself() {
        try (WireClient root = operator("127.0.0.50", 0, "root", ROOT_PASSWORD)) {
            try (WireClient erin = joinedFrom("127.0.0.51", 1, "erin")) {
                assertThat(reply(root, "mute erin 10m")).isEqualTo("ACK");
                erin.awaitLineContaining("an operator (root) muted you until ");
                assertThat(reply(erin, "text hello")).startsWith("ERR muted: an operator muted you until ");
                assertThat(reply(erin, "tell root hello")).startsWith("ERR muted: ");
                quit(erin);
            }
            // Back under the same name on the operator's node, and on its own: still muted.
            String back = rejoinedReply("127.0.0.51", 0, "erin", "text back");
            assertThat(back).startsWith("ERR muted: ");
            try (WireClient erin = rejoined("127.0.0.51", 1, "erin")) {
                assertThat(reply(erin, "text still?")).startsWith("ERR muted: ");
                assertThat(reply(root, "mute erin 0")).isEqualTo("ACK");
                erin.awaitLineContaining("an operator (root) lifted your mute");
                assertThat(reply(erin, "text free")).isEqualTo("ACK");

                assertThat(reply(root, "mute erin 5s")).isEqualTo("ACK");
                assertThat(reply(erin, "text muted again?")).startsWith("ERR muted: ");
                // Real time: poll until the mute is over, within a deadline; every refused try sent nothing.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> reply(erin, "text over?").equals("ACK"));
            }
        }
        Map<String, Double> metrics = MeteredServer.scrape(cluster.node(0).metricsPort());
        assertThat(metrics).containsEntry("netcat_moderation_actions_total{action=\"mute\"}", 2.0)
                .containsEntry("netcat_moderation_actions_total{action=\"unmute\"}", 1.0);
    }

    @Test
    void aNameMutedWhileAwayIsMutedWhenItJoinsOnAnotherNodeAndUnmutedThereOnceLifted() {
        try (WireClient root = operator("127.0.0.55", 0, "root", ROOT_PASSWORD)) {
            assertThat(reply(root, "mute gina 10m")).as("nobody named gina is online").isEqualTo("ACK");
            try (WireClient gina = joinedFrom("127.0.0.56", 1, "gina")) { // only Redis tells node 2
                assertThat(reply(gina, "text let me speak")).startsWith("ERR muted: an operator muted you until ");
                quit(gina);
            }
            assertThat(reply(root, "mute gina 0")).isEqualTo("ACK");
            try (WireClient gina = rejoined("127.0.0.56", 1, "gina")) { // node 2 remembered the mute: Redis lifts it
                assertThat(reply(gina, "text thanks")).isEqualTo("ACK");
            }
        }
    }

    @Test
    void whileRedisIsDownNoRegisteredOrBannedNameIsTakenAndBothSurviveARedisRestart(@TempDir Path own) {
        String root = PasswordHash.of(new Password(ROOT_PASSWORD), CHEAP, new SecureRandom()).encode();
        RedisProcess redis = RedisProcess.start(own.resolve("redis"), RedisProcess.Persistence.APPEND_ONLY,
                "--appendfsync", "always");
        try (Cluster alone = Cluster.start(redis, own, 1, "--operator", "root:" + root, "--password-memory", "1024",
                "--password-iterations", "1")) {
            int port = alone.ports().get(0);
            try (WireClient operator = joinedOn(port, "root " + ROOT_PASSWORD)) {
                WireClient hana = joinedOn(port, "hana");
                assertThat(reply(hana, "pass hana-secret-in-clear")).isEqualTo("ACK");
                quit(hana);
                operator.awaitLineContaining("hana has left"); // her name is free: only her password takes it
                assertThat(reply(operator, "kick zed 1h spam")).as("zed is offline: the name alone is banned").isEqualTo("ACK");
            }
            redis.kill();
            try (WireClient client = WireClient.connect(port)) {
                client.awaitGreeting(); // the address check lets it in: the name is checked again below
                assertThat(reply(client, "name hana")).isEqualTo("ERR bans unavailable: cannot check the bans now,"
                        + " try again later");
                assertThat(reply(client, "name zed")).startsWith("ERR bans unavailable: ");
            } finally {
                redis.restart();
            }
            try (WireClient client = WireClient.connect(port)) {
                client.awaitGreeting();
                // The node's pooled connections come back with Redis; until then it answers as above.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !reply(client, "name hana").startsWith("ERR bans unavailable"));
                assertThat(reply(client, "name hana")).startsWith("ERR name registered: hana is a registered name");
                assertThat(reply(client, "name zed")).startsWith("ERR banned: zed is banned until ");
                assertThat(reply(client, "name hana hana-secret-in-clear")).isEqualTo("ACK");
            }
        }
    }

    @Test
    void fortyWrongGuessesFromOneAddressAreRefusedAsTooManyAndNoPasswordIsKeptInClear() {
        try (WireClient frank = joinedFrom("127.0.0.60", 0, "frank")) {
            assertThat(reply(frank, "pass frank-secret-in-clear")).isEqualTo("ACK");
        }
        int node = 1;
        double wrongBefore = MeteredServer.scrape(cluster.node(node).metricsPort()).getOrDefault("netcat_wrong_passwords_total", 0.0);
        List<String> replies = new ArrayList<>();
        try (WireClient mallory = connectFrom("127.0.0.61", node)) {
            for (int guess = 0; guess < 40; guess++) {
                replies.add(reply(mallory, "name frank " + WRONG_GUESS + guess));
            }
        }
        assertThat(replies.subList(0, 10)).allMatch("ERR name registered: wrong password for frank"::equals);
        assertThat(replies.subList(10, 40)).allMatch(line -> line.startsWith("ERR too many wrong passwords from your address; try again in "));
        Map<String, Double> metrics = MeteredServer.scrape(cluster.node(node).metricsPort());
        assertThat(metrics.get("netcat_wrong_passwords_total") - wrongBefore).isEqualTo(10.0);
        assertThat(metrics.get("netcat_password_guesses_refused_total")).isGreaterThanOrEqualTo(30.0);

        try (RedisClient redis = RedisClient.create(cluster.redis.uri())) {
            for (String key : redis.keys("*")) {
                String type = redis.type(key);
                String value = switch (type) {
                    case "string" -> redis.get(key);
                    case "hash" -> redis.hgetAll(key).toString();
                    case "stream" -> redis.xrange(key, "-", "+").toString();
                    case "set" -> redis.smembers(key).toString();
                    default -> "";
                };
                assertThat(value).as(key).doesNotContain("secret-in-clear");
            }
        }
        for (ServerProcess each : cluster.nodes) {
            assertThat(String.join("\n", each.stderr())).doesNotContain("secret-in-clear");
        }
    }

    /** The answer to {@code line} ({@link WireClient#answer}). */
    private static String reply(WireClient client, String line) {
        return client.answer(line);
    }

    private static void quit(WireClient client) {
        client.send("quit");
        client.awaitClosed();
    }

    private static WireClient joinedOn(int port, String nameAndPassword) {
        WireClient client = WireClient.connect(port);
        client.awaitGreeting();
        assertThat(reply(client, "name " + nameAndPassword)).isEqualTo("ACK");
        return client;
    }

    private static WireClient connectFrom(String address, int node) {
        WireClient client = WireClient.connectFrom(address, cluster.ports().get(node));
        client.awaitGreeting();
        return client;
    }

    private static WireClient joinedFrom(String address, int node, String name) {
        WireClient client = connectFrom(address, node);
        assertThat(reply(client, "name " + name)).isEqualTo("ACK");
        return client;
    }

    /** An operator joined: right after another test closed its own, that one's lease may still hold the name. */
    private static WireClient operator(String address, int node, String name, String password) {
        return rejoined(address, node, name + " " + password);
    }

    /**
     * Joins as {@code name} (and its password, if given) again right after a quit or a kick: until the old
     * connection's leave is out, its name lease may still be held, and the answer is "name taken"; any other answer
     * than that or ACK fails the test.
     */
    private static WireClient rejoined(String address, int node, String name) {
        int port = cluster.ports().get(node);
        WireClient[] joined = new WireClient[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            WireClient client = WireClient.connectFrom(address, port);
            client.awaitGreeting();
            String answer = reply(client, "name " + name);
            if (answer.equals("ACK")) {
                joined[0] = client;
                return true;
            }
            assertThat(answer).as("name " + name.split(" ")[0]).startsWith("ERR name taken");
            client.close();
            return false;
        });
        return joined[0];
    }

    private static String rejoinedReply(String address, int node, String name, String command) {
        try (WireClient client = rejoined(address, node, name)) {
            return reply(client, command);
        }
    }
}
