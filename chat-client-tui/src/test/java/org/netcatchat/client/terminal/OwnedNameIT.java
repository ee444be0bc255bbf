package org.netcatchat.client.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.client.fixtures.TmuxClient;
import org.netcatchat.testing.ServerJar;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;

/**
 * Owned names and operators in the terminal client (issue 18), in tmux against the real server jar: the password of
 * a registered name is asked for without echo and kept out of the input history, {@code /pass} registers, a muted
 * user reads why, and a kicked one reads who removed it and why, and is not reconnected. One server for the story.
 */
class OwnedNameIT {
    private static final String ALICE_PASSWORD = "alice-typed-secret";
    private static final String BOB_PASSWORD = "bob-typed-secret";
    private static final String ROOT_PASSWORD = "root-typed-secret";

    @TempDir
    Path serverDir;
    @TempDir
    Path paneDir;

    @BeforeAll
    static void needTmux() {
        TmuxClient.requireTmux();
    }

    @Test
    void aRegisteredNameAsksForItsPasswordAndAnOperatorsKickEndsTheSession() throws Exception {
        String hash = hashPassword(serverDir, ROOT_PASSWORD);
        try (ServerProcess server = ServerProcess.start(serverDir, "--operator", "root:" + hash,
                "--password-memory", "1024", "--password-iterations", "1", "--connection-rate", "0")) {
            try (WireClient alice = WireClient.connect(server.port())) {
                alice.awaitGreeting();
                alice.join("alice");
                assertThat(alice.request("pass " + ALICE_PASSWORD)).noneMatch(line -> line.startsWith("ERR"));
            }
            try (TmuxClient client = TmuxClient.start(paneDir, List.of(),
                         List.of("--name", "alice", "127.0.0.1", Integer.toString(server.port())));
                 WireClient root = WireClient.connect(server.port())) {
                client.awaitScreenContaining("Your name: alice");
                client.press("Enter");
                client.awaitScreenContaining("Password for alice:");
                client.type(ALICE_PASSWORD).press("Enter");
                client.awaitScreen("the chat prompt", s -> s.endsWith("alice>"));
                assertThat(client.screen()).as("no echo").doesNotContain(ALICE_PASSWORD);

                client.type("/name bob").press("Enter");
                client.awaitScreen("renamed", s -> s.endsWith("bob>"));
                client.type("/pass").press("Enter");
                client.awaitScreenContaining("New password:");
                client.type(BOB_PASSWORD).press("Enter");
                client.awaitScreenContaining("Again:");
                client.type(BOB_PASSWORD).press("Enter");
                client.awaitScreenContaining("Password saved: bob is yours now");
                client.press("Up");
                client.awaitScreen("the line before /pass recalled: no /pass line is kept", s -> s.endsWith("bob> /name bob"));
                client.press("C-u");
                assertThat(client.screen()).doesNotContain(BOB_PASSWORD);

                root.awaitGreeting();
                assertThat(root.request("name root " + ROOT_PASSWORD)).noneMatch(line -> line.startsWith("ERR"));
                assertThat(root.request("mute bob 1h")).noneMatch(line -> line.startsWith("ERR"));
                client.awaitScreenContaining("an operator (root) muted you until");
                client.type("still here?").press("Enter");
                client.awaitScreenContaining("muted: an operator muted you until");

                assertThat(root.request("kick bob spamming")).noneMatch(line -> line.startsWith("ERR"));
                client.awaitScreenContaining("Closing: you were removed by root: spamming.");
                client.awaitScreenContaining("an operator removed you from the chat");
                assertThat(client.awaitExit()).as("ended, not reconnecting").isNotZero();
                assertThat(client.screen()).doesNotContain("Reconnecting");
            }
        }
        try (Stream<Path> files = Files.walk(paneDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                assertThat(text).as(file.toString()).doesNotContain(ALICE_PASSWORD, BOB_PASSWORD);
            }
        }
    }

    private static String hashPassword(Path dir, String password) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ServerProcess.javaExecutable(), "--enable-preview", "-jar",
                ServerJar.path().toString(), "hash-password").directory(dir.toFile()).start();
        process.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(ServerProcess.DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
