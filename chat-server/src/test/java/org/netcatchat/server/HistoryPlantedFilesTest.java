package org.netcatchat.server;

import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A local writer puts a FIFO or a symbolic link at the history path or at a kept file (issue 20, item 4):
 * {@code hist} and a join's replay neither hang nor serve what the link points to, and the server still stops.
 * Real FIFOs ({@code mkfifo}) and real links; every wait is bounded by WireClient's deadline and the class timeout.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HistoryPlantedFilesTest {
    private static final String SECRET = "a planted secret";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "a {0} at history.txt{1}")
    @CsvSource({
            "fifo,    ''",
            "symlink, ''",
            "fifo,    .1",
            "symlink, .1",
    })
    void aPlantedFileIsNeitherWaitedOnNorServed(String kind, String suffix) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "[2026-01-01 00:00:00] " + SECRET + "\n");
        try (TestServer server = TestServer.start(dir, "--rate-limit", "0", "--history-max-bytes", "1k", "--replay-lines", "50");
             WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            alice.awaitLineContaining("alice has joined");
            Path kept = dir.resolve("history.txt.1");
            for (int i = 0; !Files.exists(kept); i++) {
                alice.request("text filling the history " + i);
            }
            alice.request("text in the live file");
            Path planted = dir.resolve("history.txt" + suffix);
            Files.delete(planted);
            switch (kind) {
                case "fifo" -> mkfifo(planted);
                case "symlink" -> Files.createSymbolicLink(planted, secret);
                default -> throw new IllegalArgumentException(kind);
            }

            List<String> hist = alice.request("hist"); // the old code opened a FIFO by name and waited for ever
            assertThat(hist).as("hist serves no line of a planted file").noneMatch(line -> line.contains(SECRET));
            if (suffix.isEmpty()) {
                assertThat(hist).as("the kept file is still read").anyMatch(line -> line.contains("filling the history 0"));
            } else {
                assertThat(hist).as("the live file is still read").anyMatch(line -> line.endsWith("[alice]:in the live file"));
            }
            try (WireClient bob = server.connectAdmitted()) {
                // A join replays history: it must not wait either. With the live file planted its notice cannot be
                // stored, so the join itself is refused, at once (a kept file planted leaves joins working).
                List<String> joined = bob.request("name bob");
                if (suffix.isEmpty()) {
                    assertThat(joined).containsExactly("ERR history unavailable: you have not joined, try again later");
                } else {
                    assertThat(joined).isEmpty();
                }
                assertThat(bob.request("hist")).noneMatch(line -> line.contains(SECRET));
            }
            for (int i = 0; i < 20; i++) { // past a rotation: the room must not freeze
                String text = "after the planting " + i;
                assertThat(alice.request("text " + text)).as("pushed lines of bob, then the reply").last().asString()
                        .satisfiesAnyOf(line -> assertThat(line).endsWith("[alice]:" + text),
                                line -> assertThat(line).startsWith("ERR history unavailable"));
            }
            assertThat(alice.request("hist")).noneMatch(line -> line.contains(SECRET));
        } // and the server stops: TestServer.close within the class timeout
    }

    static void mkfifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (!mkfifo.waitFor(30, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
    }
}
