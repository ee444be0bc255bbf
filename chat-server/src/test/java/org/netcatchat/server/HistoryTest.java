package org.netcatchat.server;

import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** history.txt as the transcript: what it holds, what a join replays, and that it outlives the server. */
class HistoryTest {
    @TempDir
    Path dir;

    @Test
    void historySurvivesARestart() {
        try (TestServer server = TestServer.start(dir); WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            alice.request("text remember me");
        }
        List<String> before = readHistory();
        assertThat(before).anyMatch(line -> line.endsWith("[alice]:remember me"))
                .noneMatch(line -> line.contains("server is shutting down"));
        try (TestServer again = TestServer.start(dir); WireClient bob = again.connectAdmitted()) {
            assertThat(bob.request("hist")).containsExactlyElementsOf(before);
        }
    }

    private List<String> readHistory() {
        try {
            return Files.readAllLines(dir.resolve("history.txt"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void joiningReplaysTheLastLinesOfTheHistory() {
        try (TestServer server = TestServer.start(dir, "--replay-lines", "3"); WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            for (int i = 1; i <= 5; i++) {
                alice.request("text m" + i);
            }
            try (WireClient bob = server.connectAdmitted()) {
                bob.join("bob");
                assertThat(bob.nextLine()).endsWith("[alice]:m4");
                assertThat(bob.nextLine()).endsWith("[alice]:m5");
                assertThat(bob.nextLine()).endsWith("] bob has joined our chat...");
                assertThat(bob.request("hist 1")).singleElement().asString().endsWith("bob has joined our chat...");
                bob.assertExhausted();
            }
        }
    }

    @Test
    void replayCanBeTurnedOff() {
        try (TestServer server = TestServer.start(dir, "--replay-lines", "0");
             WireClient alice = server.connectAdmitted(); WireClient bob = server.connectAdmitted()) {
            alice.join("alice");
            alice.request("text before bob");
            bob.join("bob");
            alice.request("text after bob");
            assertThat(bob.nextLine()).endsWith("[alice]:after bob");
        }
    }

    @Test
    void histStreamsAHistoryFarLargerThanAnyClientQueue() throws IOException {
        // 2 MiB of history against a 64 KiB queue: had hist queued the lines, the reader would be dropped as too slow.
        String line = "[2026-11-27 10:00:00][old]:" + "z".repeat(990) + "\n";
        Files.writeString(dir.resolve("history.txt"), line.repeat(2048));
        try (TestServer server = TestServer.start(dir, "--max-queue-bytes", "64k"); WireClient reader = server.connectAdmitted()) {
            List<String> all = reader.request("hist");
            assertThat(all).hasSize(2048 + 0).allMatch(l -> l.endsWith("z".repeat(990)));
        }
    }

    @Test
    void everyLineInTheFileIsAPushedLineInTheOrderClientsSawThem() {
        try (TestServer server = TestServer.start(dir); WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            String joined = alice.nextLine();
            alice.send("text one");
            String one = alice.nextLine();
            alice.nextReply();
            alice.send("name alicia");
            String renamed = alice.nextLine();
            alice.nextReply();
            assertThat(server.historyLines()).containsExactly(joined, one, renamed);
        }
    }
}
