package org.netcatchat.server;

import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The phases of a graceful stop, in process. (The signal and exit code are in ServerProcessIT.) */
class ShutdownTest {
    @TempDir
    Path dir;

    @Test
    void everyClientJoinedOrNotGetsTheNoticeAsItsLastLine() {
        TestServer server = TestServer.start(dir);
        try (WireClient alice = server.connectAdmitted(); WireClient lurker = server.connectAdmitted()) {
            alice.join("alice");
            alice.nextLine();
            server.close();
            assertThat(alice.awaitClosed()).singleElement().asString().endsWith("] server is shutting down");
            assertThat(lurker.awaitClosed()).singleElement().asString().endsWith("] server is shutting down");
            assertThat(server.historyLines()).as("a stop is not part of the transcript")
                    .noneMatch(line -> line.contains("server is shutting down")).last().asString().endsWith("alice has joined our chat...");
            assertThat(server.server().liveConnections()).isZero();
        }
    }

    @Test
    void restartsWriteNoShutdownLinesForALaterJoinerToReplay() {
        for (int run = 0; run < 3; run++) {
            try (TestServer server = TestServer.start(dir, "--rate-limit", "0"); WireClient alice = server.connectAdmitted()) {
                alice.join("alice");
                alice.awaitLineContaining("alice has joined");
                alice.request("text run " + run);
            }
        }
        try (TestServer server = TestServer.start(dir, "--replay-lines", "100"); WireClient bob = server.connectAdmitted()) {
            bob.join("bob");
            List<String> replay = new ArrayList<>();
            for (String line = bob.nextLine(); !line.endsWith("bob has joined our chat..."); line = bob.nextLine()) {
                replay.add(line);
            }
            // alice's leave lands before or after the stop (her client closes first): 2 or 3 lines a run
            assertThat(replay).as("the replay after three restarts")
                    .noneMatch(line -> line.contains("server is shutting down"))
                    .filteredOn(line -> line.contains("[alice]:run ")).hasSize(3);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aClientThatStopsReadingCannotHoldUpTheStopPastItsTimeout() {
        TestServer server = TestServer.start(dir, "--shutdown-timeout", "0.5", "--rate-limit", "0",
                "--max-queue-bytes", "64MiB");
        try (WireClient stuck = WireClient.connect(server.port()); WireClient talker = server.connectAdmitted()) {
            stuck.socket().setReceiveBufferSize(4096);
            stuck.send("name stuck");
            talker.join("talker");
            // Fill the stuck client's socket and queue: our own client reads nothing from its queue.
            String big = "text " + "x".repeat(4000);
            for (int i = 0; i < 2000; i++) {
                talker.send(big);
            }
            talker.awaitLineContaining("x".repeat(100));
            server.close(); // without the force phase this would wait for ever: @Timeout fails it
            assertThat(server.server().liveConnections()).isZero();
        } catch (java.net.SocketException e) {
            throw new IllegalStateException(e);
        }
    }
}
