package org.netcatchat.server.moderation;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.protocol.Password;
import org.netcatchat.server.MeteredServer;
import org.netcatchat.server.accounts.HashCost;
import org.netcatchat.server.accounts.PasswordHash;
import org.netcatchat.server.hardening.SteppedClock;
import org.netcatchat.testing.WireClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators on a real server over loopback (issue 18): kick with and without a ban, mute, bans listed and lifted,
 * and who may do what. One server for the class, on a clock the tests step, so a ban or a mute ends exactly when
 * its time is up; each test uses names and loopback addresses of its own. The per-address and rate limits are off
 * (a stepped clock refills no bucket), the hash is cheap through the product's own options.
 */
class ModerationTest {
    private static final HashCost CHEAP = new HashCost(1024, 1, 1);
    private static final SteppedClock CLOCK = new SteppedClock();
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    @TempDir
    static Path dir;
    private static MeteredServer server;

    @BeforeAll
    static void start() {
        String root = PasswordHash.of(new Password("root-password"), CHEAP, new SecureRandom()).encode();
        String admin = PasswordHash.of(new Password("admin-password"), CHEAP, new SecureRandom()).encode();
        server = MeteredServer.start(dir, CLOCK, "--password-memory", "1024", "--password-iterations", "1",
                "--operator", "root:" + root, "--operator", "admin:" + admin, "--name-rate", "0", "--rate-limit", "0",
                "--connection-rate", "0", "--max-connections-per-ip", "0");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aNonOperatorIsRefusedEveryOperatorsCommand() {
        try (WireClient guest = server.joinedFrom("127.0.0.20", "guest20")) {
            assertThat(reply(guest, "kick guest20")).isEqualTo("ERR not allowed: only an operator may kick");
            assertThat(reply(guest, "mute guest20 10m")).isEqualTo("ERR not allowed: only an operator may mute");
            assertThat(reply(guest, "bans")).isEqualTo("ERR not allowed: only an operator may list bans");
            assertThat(reply(guest, "unbn guest20")).isEqualTo("ERR not allowed: only an operator may lift bans");
        }
        try (WireClient owner = server.joinedFrom("127.0.0.20", "owner20")) {
            assertThat(reply(owner, "pass owner-password")).isEqualTo("ACK");
            assertThat(reply(owner, "kick guest20")).as("a registered name is no operator's")
                    .isEqualTo("ERR not allowed: only an operator may kick");
        }
    }

    @Test
    void anOperatorsNameIsProtectedFromTheStartAndItsPasswordIsTheConfigurations() {
        try (WireClient client = WireClient.connectFrom("127.0.0.21", server.port())) {
            client.awaitGreeting();
            assertThat(reply(client, "name ROOT")).isEqualTo("ERR name registered: root is an operator's name;"
                    + " send name root followed by its password");
            assertThat(reply(client, "name root admin-password")).isEqualTo("ERR name registered: wrong password for root");
            takeOnceFree(client, "root root-password");
            assertThat(reply(client, "pass another-password")).startsWith("ERR not allowed: an operator's password is set");
        }
    }

    @Test
    void anOperatorCannotKickBanOrMuteAnotherOperatorNorItself() {
        try (WireClient root = operator("127.0.0.22", "root", "root-password");
             WireClient admin = operator("127.0.0.23", "admin", "admin-password")) {
            assertThat(reply(root, "kick admin 1h")).isEqualTo("ERR not allowed: admin is an operator; operators cannot"
                    + " kick, ban or mute one another");
            assertThat(reply(root, "mute admin 10m")).startsWith("ERR not allowed: admin is an operator");
            assertThat(reply(root, "kick root")).startsWith("ERR not allowed: root is an operator");
            assertThat(reply(admin, "text still here")).isEqualTo("ACK");
        }
    }

    @Test
    void aKickWithoutATimeClosesTheConnectionWithWhyAndTheRoomsSeeWhoDidIt() {
        double kicks = server.metric("netcat_moderation_actions_total{action=\"kick\"}");
        try (WireClient root = operator("127.0.0.24", "root", "root-password");
             WireClient bob = server.joinedFrom("127.0.0.25", "bob25");
             WireClient carol = server.joinedFrom("127.0.0.26", "carol26")) {
            assertThat(reply(bob, "join#ops25")).isEqualTo("ACK");
            assertThat(reply(carol, "join#ops25")).isEqualTo("ACK");
            carol.awaitLineContaining("#ops25 bob25 has joined");
            carol.awaitLineContaining("#ops25 carol26 has joined");

            assertThat(reply(root, "kick bob25 spamming the room")).isEqualTo("ACK");

            assertThat(bob.awaitClosed()).contains("Closing: you were removed by root: spamming the room.");
            carol.awaitLineContaining("#ops25 bob25 was removed by root: spamming the room...");
            carol.awaitLineContaining("] bob25 was removed by root: spamming the room...");
        }
        server.awaitMetric("netcat_moderation_actions_total{action=\"kick\"}", kicks + 1);
        try (WireClient bob = server.joinedFrom("127.0.0.25", "bob25")) {
            assertThat(reply(bob, "text back again")).as("no ban without a time").isEqualTo("ACK");
        }
        try (WireClient root = operator("127.0.0.24", "root", "root-password")) {
            assertThat(reply(root, "kick nobody25")).isEqualTo("ERR nobody named nobody25 is online");
        }
    }

    @Test
    void aKickWithATimeBansTheNameAndTheAddressUntilItIsUpOrLifted() throws Exception {
        try (WireClient root = operator("127.0.0.27", "root", "root-password");
             WireClient bob = server.joinedFrom("127.0.0.28", "bob28")) {
            String until = SHOWN.format(CLOCK.instant().plus(Duration.ofHours(2)).atZone(CLOCK.getZone())) + " " + CLOCK.getZone().getId();
            assertThat(reply(root, "kick bob28 2h flooding")).isEqualTo("ACK");
            assertThat(bob.awaitClosed()).contains("Closing: you were removed by root: flooding. You are banned until "
                    + until + ".");
            List<String> bans = root.request("bans");
            assertThat(bans).contains("BAN name bob28 until " + until + " by root: flooding",
                    "BAN address 127.0.0.28 until " + until + " by root: flooding");
        }
        String until = SHOWN.format(CLOCK.instant().plus(Duration.ofHours(2)).atZone(CLOCK.getZone())) + " " + CLOCK.getZone().getId();
        try (WireClient again = WireClient.connectFrom("127.0.0.28", server.port())) {
            assertThat(again.awaitClosed()).containsExactly("Closing: your address is banned until " + until + ".");
        }
        try (WireClient elsewhere = WireClient.connectFrom("127.0.0.29", server.port())) {
            elsewhere.awaitGreeting();
            assertThat(reply(elsewhere, "name BOB28")).isEqualTo("ERR banned: BOB28 is banned until " + until
                    + " by root: flooding");
            assertThat(reply(elsewhere, "name robert29")).as("another name, another address").isEqualTo("ACK");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("bans.txt"))))
                .isEqualTo("rw-------");
        try (WireClient root = operator("127.0.0.27", "root", "root-password")) {
            assertThat(reply(root, "unbn 127.0.0.28")).isEqualTo("ACK");
            assertThat(reply(root, "unbn 127.0.0.28")).isEqualTo("ERR no ban of 127.0.0.28: bans lists them");
        }
        try (WireClient back = WireClient.connectFrom("127.0.0.28", server.port())) {
            back.awaitGreeting();
            assertThat(reply(back, "name bob28")).as("the name is still banned").startsWith("ERR banned: bob28");
        }
        CLOCK.step(Duration.ofHours(2));
        try (WireClient back = WireClient.connectFrom("127.0.0.28", server.port())) {
            back.awaitGreeting();
            assertThat(reply(back, "name bob28")).as("the ban is over").isEqualTo("ACK");
        }
    }

    @Test
    void aMuteRefusesTextAndTellUntilItEndsByItself() {
        try (WireClient root = operator("127.0.0.30", "root", "root-password");
             WireClient dave = server.joinedFrom("127.0.0.31", "dave31")) {
            assertThat(reply(root, "mute dave31 2s")).isEqualTo("ACK");
            assertThat(dave.awaitLineContaining("an operator (root) muted you until"))
                    .endsWith(": your messages are refused until then");
            assertThat(reply(dave, "text can I speak?")).startsWith("ERR muted: an operator muted you until ")
                    .endsWith("; nothing was sent");
            assertThat(reply(dave, "tell root please")).startsWith("ERR muted:");
            assertThat(reply(dave, "name dave31b")).isEqualTo("ACK");
            assertThat(reply(dave, "text renamed?")).as("a rename does not end it").startsWith("ERR muted:");

            CLOCK.step(Duration.ofSeconds(2));

            assertThat(reply(dave, "text free again")).isEqualTo("ACK");
        }
    }

    @Test
    void muteZeroLiftsAMute() {
        try (WireClient root = operator("127.0.0.32", "root", "root-password");
             WireClient erin = server.joinedFrom("127.0.0.33", "erin33")) {
            assertThat(reply(root, "mute erin33 1d")).isEqualTo("ACK");
            assertThat(reply(erin, "text hello")).startsWith("ERR muted:");
            assertThat(reply(root, "mute erin33 0")).isEqualTo("ACK");
            erin.awaitLineContaining("an operator (root) lifted your mute: you may speak again");
            assertThat(reply(erin, "text hello")).isEqualTo("ACK");
        }
    }

    /**
     * An operator joined. The tests each close theirs at their end, and a connection's name is free only once its
     * leave is out, so right after another test the answer may be "name taken" for a moment: then it asks again.
     */
    private static WireClient operator(String address, String name, String password) {
        WireClient client = WireClient.connectFrom(address, server.port());
        client.awaitGreeting();
        takeOnceFree(client, name + " " + password);
        return client;
    }

    /** {@code name NAME [PASSWORD]} until it is ACKed; only "name taken" (by a connection still leaving) is retried. */
    private static void takeOnceFree(WireClient client, String nameAndPassword) {
        org.awaitility.Awaitility.await().atMost(WireClient.DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> {
            String answer = reply(client, "name " + nameAndPassword);
            assertThat(answer).as("name " + nameAndPassword.split(" ")[0])
                    .matches(each -> each.equals("ACK") || each.startsWith("ERR name taken"));
            return answer.equals("ACK");
        });
    }

    /** The answer to {@code line} ({@link WireClient#answer}). */
    private static String reply(WireClient client, String line) {
        return client.answer(line);
    }
}
