package org.netcatchat.server.accounts;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.server.TestServer;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Owned names (issue 18) on a real server over loopback: {@code pass}, {@code name NAME PASSWORD}, wrong guesses.
 * One server for the class; each test uses names of its own. The hash is cheap here through the product's own
 * options ({@code --password-memory 1024 --password-iterations 1}); the name budget is off so that only the
 * wrong-password limit refuses guesses (and the connection limits per address are off: every test connects from 127.0.0.1).
 */
class OwnedNamesTest {
    private static final String[] OPTIONS = {"--password-memory", "1024", "--password-iterations", "1",
            "--name-rate", "0", "--rate-limit", "0", "--connection-rate", "0", "--max-connections-per-ip", "0"};
    @TempDir
    static Path dir;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, OPTIONS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRegisteredNameIsRefusedToOthersWhileItsOwnerIsAwayAndTakenBackWithItsPassword() {
        try (WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            assertThat(reply(alice, "pass correct-horse")).isEqualTo("ACK");
            quitAndAwaitGone(server, alice, "alice");
        }
        try (WireClient mallory = server.connectAdmitted()) {
            assertThat(reply(mallory, "name alice")).isEqualTo("ERR name registered: alice is a registered name;"
                    + " send name alice followed by its password");
            assertThat(reply(mallory, "name ALICE")).startsWith("ERR name registered: alice is a registered name");
            assertThat(reply(mallory, "name alice battery-staple")).isEqualTo("ERR name registered: wrong password for alice");
            assertThat(reply(mallory, "text still a guest?")).as("not joined under it")
                    .startsWith("ERR join first");
            mallory.assertExhausted();
        }
        try (WireClient alice = server.connectAdmitted()) {
            assertThat(reply(alice, "name alice correct-horse")).isEqualTo("ACK");
            assertThat(reply(alice, "text it is me")).isEqualTo("ACK");
        }
    }

    @Test
    void aGuestNameWorksAsInVersionOneAndAPasswordForItIsRefused() {
        try (WireClient guest = server.connectAdmitted()) {
            assertThat(reply(guest, "name carol correct-horse")).isEqualTo("ERR not registered: carol has no password;"
                    + " send name carol alone, then pass followed by a password to register it");
            assertThat(reply(guest, "name carol")).isEqualTo("ACK");
            assertThat(reply(guest, "text hi")).isEqualTo("ACK");
        }
    }

    @Test
    void passNeedsAJoinedNameAndAPasswordOfEightCharacters() {
        try (WireClient client = server.connectAdmitted()) {
            assertThat(reply(client, "pass correct-horse")).startsWith("ERR join first");
            client.join("dave");
            assertThat(reply(client, "pass short")).isEqualTo("ERR password too short: at least 8 characters");
            assertThat(reply(client, "pass")).startsWith("ERR pass takes the password for your name");
        }
    }

    @Test
    void theOwnerChangesItsPasswordAndTheOldOneNoLongerWorks() {
        try (WireClient erin = server.connectAdmitted()) {
            erin.join("erin");
            assertThat(reply(erin, "pass first-password")).isEqualTo("ACK");
            assertThat(reply(erin, "pass second-password")).isEqualTo("ACK");
            quitAndAwaitGone(server, erin, "erin");
        }
        try (WireClient other = server.connectAdmitted()) {
            assertThat(reply(other, "name erin first-password")).isEqualTo("ERR name registered: wrong password for erin");
            assertThat(reply(other, "name erin second-password")).isEqualTo("ACK");
        }
    }

    @Test
    void aGuestCannotRegisterANameSomeoneElseOwnsByRenamingIntoIt() {
        try (WireClient frank = server.connectAdmitted()) {
            frank.join("frank");
            assertThat(reply(frank, "pass correct-horse")).isEqualTo("ACK");
            quitAndAwaitGone(server, frank, "frank");
        }
        try (WireClient guest = server.connectAdmitted()) {
            guest.join("frankie");
            assertThat(reply(guest, "name frank")).startsWith("ERR name registered");
            assertThat(reply(guest, "name frank correct-horse")).as("a rename proves the name too").isEqualTo("ACK");
        }
    }

    @Test
    void fortyWrongGuessesFromOneAddressAreRefusedAsTooMany() {
        try (WireClient owner = WireClient.connectFrom("127.0.0.4", server.port())) {
            owner.awaitGreeting();
            owner.join("grace");
            assertThat(reply(owner, "pass correct-horse")).isEqualTo("ACK");
            quitAndAwaitGone(server, owner, "grace");
        }
        int wrong = 0;
        int tooMany = 0;
        try (WireClient guesser = WireClient.connectFrom("127.0.0.5", server.port())) {
            guesser.awaitGreeting();
            for (int i = 0; i < 40; i++) {
                String answer = reply(guesser, "name grace guess-number-" + i);
                if (answer.equals("ERR name registered: wrong password for grace")) {
                    wrong++;
                } else {
                    assertThat(answer).startsWith("ERR too many wrong passwords from your address; try again in ");
                    tooMany++;
                }
            }
            assertThat(reply(guesser, "name grace correct-horse")).as("even the right one, from that address")
                    .startsWith("ERR too many wrong passwords from your address");
        }
        assertThat(wrong).isEqualTo(Guesses.ADDRESS_BURST);
        assertThat(tooMany).isEqualTo(40 - Guesses.ADDRESS_BURST);
        try (WireClient owner = WireClient.connectFrom("127.0.0.6", server.port())) {
            owner.awaitGreeting();
            assertThat(reply(owner, "name grace correct-horse")).as("from another address").isEqualTo("ACK");
        }
    }

    @Test
    void noFileTheServerWroteHoldsAPasswordInClear() throws IOException {
        try (WireClient henry = server.connectAdmitted()) {
            henry.join("henry");
            assertThat(reply(henry, "pass secret-in-clear-1")).isEqualTo("ACK");
            quitAndAwaitGone(server, henry, "henry");
        }
        try (WireClient again = server.connectAdmitted()) {
            assertThat(reply(again, "name henry secret-in-clear-2")).startsWith("ERR name registered: wrong password");
            assertThat(reply(again, "name henry secret-in-clear-1")).isEqualTo("ACK");
            assertThat(reply(again, "text hello")).isEqualTo("ACK");
        }
        List<Path> files;
        try (var listing = Files.walk(dir)) {
            files = listing.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(path -> path.getFileName().toString()).contains("accounts.txt", "history.txt");
        for (Path file : files) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(text).as(file.toString()).doesNotContain("secret-in-clear");
        }
        assertThat(Files.readString(dir.resolve("history.txt"))).contains("henry has joined");
    }

    /**
     * Quits, and waits until the server has let go of the name: the client reads its connection's close before the
     * server has finished the leave that frees the name (docs/PROTOCOL.md), so a name taken at once may still be taken.
     */
    static void quitAndAwaitGone(TestServer server, WireClient client, String name) {
        client.send("quit");
        client.awaitClosed();
        try (WireClient watcher = server.connectAdmitted()) {
            await().atMost(WireClient.DEADLINE).pollInterval(java.time.Duration.ofMillis(20))
                    .until(() -> !List.of(reply(watcher, "list").split(" ")).contains(name));
        }
    }

    /** The answer to {@code line} ({@link WireClient#answer}). */
    static String reply(WireClient client, String line) {
        return client.answer(line);
    }
}
