package org.netcatchat.server.accounts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.testing.ServerJar;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.netcatchat.server.accounts.OwnedNamesTest.reply;

/**
 * Owned names and operators with the real jar (issue 18): what only a process shows. {@code hash-password} makes
 * the operator's hash; accounts and bans survive a restart; a mute ends by itself in real time; and after
 * registering, logging in, a wrong guess and a kick, no password is in clear in any file the server wrote nor in
 * its log. One server process (and its restart) for the whole story, to keep the suite short.
 */
class OwnedNamesIT {
    private static final String ROOT_PASSWORD = "root-secret-in-clear";
    private static final String ALICE_PASSWORD = "alice-secret-in-clear";
    private static final String WRONG_GUESS = "guess-secret-in-clear";

    @TempDir
    Path dir;

    @Test
    void operatorsAccountsAndBansFromHashPasswordToARestart() throws Exception {
        String hash = hashPassword(ROOT_PASSWORD);
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(ROOT_PASSWORD);
        List<String> log;
        try (ServerProcess first = ServerProcess.start(dir, "--operator", "root:" + hash, "--password-memory", "1024",
                "--password-iterations", "1", "--connection-rate", "0", "--log-level", "debug")) {
            try (WireClient alice = joined(first, "127.0.0.2", "alice")) {
                assertThat(reply(alice, "pass " + ALICE_PASSWORD)).isEqualTo("ACK");
            }
            try (WireClient mallory = connect(first, "127.0.0.3")) {
                assertThat(reply(mallory, "name alice " + WRONG_GUESS)).isEqualTo("ERR name registered: wrong password for alice");
                assertThat(reply(mallory, "name root " + WRONG_GUESS)).isEqualTo("ERR name registered: wrong password for root");
                assertThat(reply(mallory, "kick alice")).isEqualTo("ERR not allowed: only an operator may kick");
            }
            try (WireClient root = connect(first, "127.0.0.4");
                 WireClient alice = connect(first, "127.0.0.2");
                 WireClient bob = joined(first, "127.0.0.5", "bob");
                 WireClient carol = joined(first, "127.0.0.6", "carol")) {
                assertThat(reply(root, "name root " + ROOT_PASSWORD)).isEqualTo("ACK");
                assertThat(reply(alice, "name alice " + ALICE_PASSWORD)).isEqualTo("ACK");

                assertThat(reply(root, "mute carol 2s")).isEqualTo("ACK");
                assertThat(reply(carol, "text am I muted?")).startsWith("ERR muted: an operator muted you until ");
                // Real time: poll until the mute is over, within a deadline; every refused try sent nothing.
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> reply(carol, "text free again?").equals("ACK"));

                assertThat(reply(root, "kick bob 1h insults")).isEqualTo("ACK");
                assertThat(bob.awaitClosed()).anyMatch(line -> line.startsWith(
                        "Closing: you were removed by root: insults. You are banned until "));
                alice.awaitLineContaining("bob was removed by root: insults...");
            }
            first.stop();
            log = first.stderr();
        }
        try (ServerProcess second = ServerProcess.start(dir, "--operator", "root:" + hash, "--password-memory", "1024",
                "--password-iterations", "1", "--connection-rate", "0")) {
            try (WireClient banned = WireClient.connectFrom("127.0.0.5", second.port())) {
                assertThat(banned.awaitClosed()).singleElement().asString()
                        .startsWith("Closing: your address is banned until ");
            }
            try (WireClient other = connect(second, "127.0.0.7")) {
                assertThat(reply(other, "name bob")).startsWith("ERR banned: bob is banned until ");
                assertThat(reply(other, "name alice")).startsWith("ERR name registered: alice is a registered name");
                assertThat(reply(other, "name alice " + ALICE_PASSWORD)).isEqualTo("ACK");
            }
            try (WireClient root = connect(second, "127.0.0.4")) {
                assertThat(reply(root, "name root " + ROOT_PASSWORD)).isEqualTo("ACK");
                assertThat(root.request("bans")).anyMatch(line -> line.startsWith("BAN name bob until "))
                        .anyMatch(line -> line.startsWith("BAN address 127.0.0.5 until "));
            }
            second.stop();
            log = new java.util.ArrayList<>(log);
            log.addAll(second.stderr());
        }
        assertThat(String.join("\n", log)).contains("operator root kicked bob", "operator root muted carol",
                        "operator root banned bob", "wrong password for alice", "registered alice")
                .doesNotContain(ROOT_PASSWORD, ALICE_PASSWORD, WRONG_GUESS);
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(path -> !path.toString().endsWith(".jar")).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(ROOT_PASSWORD, ALICE_PASSWORD, WRONG_GUESS);
            }
        }
        assertThat(dir.resolve("accounts.txt")).exists();
        assertThat(dir.resolve("bans.txt")).exists();
    }

    /** {@code hash-password} with the password on its standard input (not a terminal: read as one line). */
    private String hashPassword(String password) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ServerProcess.javaExecutable(), "--enable-preview", "-jar",
                ServerJar.path().toString(), "hash-password").directory(dir.toFile()).start();
        process.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(ServerProcess.DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("hash-password ended").isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(err).isZero();
        assertThat(out.lines().toList()).hasSize(1);
        assertThat(out + err).doesNotContain(password);
        return out.strip();
    }

    private static WireClient connect(ServerProcess server, String address) {
        WireClient client = WireClient.connectFrom(address, server.port());
        client.awaitGreeting();
        return client;
    }

    private static WireClient joined(ServerProcess server, String address, String name) {
        WireClient client = connect(server, address);
        client.join(name);
        return client;
    }
}
