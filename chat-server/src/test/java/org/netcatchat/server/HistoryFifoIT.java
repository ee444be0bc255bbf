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
 * A FIFO put at the history path of the real jar with rotation on (issue 20, item 4): the old server opened it
 * by name under the rotation lock for a {@code hist}, the next rotation waited for that lock under the room
 * lock, and SIGTERM then needed the room lock too: the process no longer stopped. Now it does.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HistoryFifoIT {
    @TempDir
    Path dir;

    @Test
    void aFifoAtTheHistoryPathDoesNotKeepSigtermFromStoppingTheServer() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, "--rate-limit", "0", "--history-max-bytes", "1k");
             WireClient alice = WireClient.connect(server.port());
             WireClient bob = WireClient.connect(server.port())) {
            alice.awaitGreeting();
            alice.join("alice");
            alice.awaitLineContaining("alice has joined");
            for (int i = 0; !Files.exists(dir.resolve("history.txt.1")); i++) {
                alice.request("text filling the history " + i);
            }
            Files.delete(server.historyFile());
            HistoryPlantedFilesTest.mkfifo(server.historyFile());

            bob.awaitGreeting();
            bob.send("hist"); // no wait for its reply: the old server never sent one
            for (int i = 0; i < 20; i++) {
                alice.send("text past a rotation " + i); // nor for these: the old room froze at the rotation
            }
            server.terminate();

            assertThat(server.awaitExit()).as("exit status after SIGTERM").isZero();
            assertThat(String.join("\n", server.stderr())).contains("is not a regular file");
        }
    }
}
