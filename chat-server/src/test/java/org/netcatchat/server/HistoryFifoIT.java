package org.netcatchat.server;

import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A FIFO put at a kept file of the real jar with rotation on (issue 20, item 4): the old server opened it by
 * name under the rotation lock for a {@code hist} and waited there for a writer, for ever; a rotation then
 * waited for that lock under the room lock. Now the hist is answered without the FIFO's part, rotations go on,
 * and SIGTERM stops the process with 0.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HistoryFifoIT {
    @TempDir
    Path dir;

    @Test
    void aFifoAtAKeptFileHoldsUpNeitherHistNorRotationNorSigterm() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, "--rate-limit", "0", "--history-max-bytes", "1k");
             WireClient alice = WireClient.connect(server.port());
             WireClient bob = WireClient.connect(server.port())) {
            alice.awaitGreeting();
            alice.join("alice");
            alice.awaitLineContaining("alice has joined");
            for (int i = 0; !Files.exists(dir.resolve("history.txt.1")); i++) {
                alice.request("text filling the history " + i);
            }
            Path kept = dir.resolve("history.txt.1");
            Files.delete(kept);
            HistoryPlantedFilesTest.mkfifo(kept);

            bob.awaitGreeting();
            assertThat(bob.request("hist")).as("an anonymous hist is answered: the old server waited on the FIFO for ever")
                    .noneMatch(line -> line.contains("filling the history 0"));
            for (int i = 0; i < 60; i++) { // 60 lines of about 60 bytes: at least two rotations at 1k
                String text = "past a rotation " + i;
                assertThat(alice.request("text " + text)).as("the room does not freeze at a rotation")
                        .last().asString().endsWith("[alice]:" + text);
            }
            server.terminate();

            assertThat(server.awaitExit()).as("exit status after SIGTERM").isZero();
            assertThat(String.join("\n", server.stderr())).contains("is not a regular file: it is not read");
        }
    }
}
