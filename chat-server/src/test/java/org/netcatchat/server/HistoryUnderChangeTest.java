package org.netcatchat.server;

import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The history file changed under a live server (issue 8, defects 5 and 9; issue 10's copytruncate): no
 * client ever gets a NUL byte, a torn line or a closed connection, and an ACKed line is in the file the
 * path names.
 */
class HistoryUnderChangeTest {
    @TempDir
    Path dir;

    @Test
    void truncatedUnderALiveServerHistEndsCleanlyAndNoNulBytesAreWritten() throws IOException {
        try (TestServer server = TestServer.start(dir, "--rate-limit", "0", "--replay-lines", "5");
             WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            alice.awaitLineContaining("alice has joined");
            for (int i = 0; i < 200; i++) {
                alice.request("text before the rotation " + i);
            }
            truncate(server.historyFile()); // logrotate copytruncate

            assertThat(alice.request("hist 2")).as("a slice past the end of the truncated file").isEmpty();
            assertThat(alice.request("text after the rotation")).singleElement().asString().endsWith("[alice]:after the rotation");
            try (WireClient bob = server.connectAdmitted()) {
                bob.join("bob");
                assertThat(bob.nextLine()).endsWith("[alice]:after the rotation");
                assertThat(bob.nextLine()).endsWith("bob has joined our chat...");
                assertThat(bob.request("hist")).hasSize(2).allSatisfy(line -> assertThat(line).doesNotContain("\0", "\uFFFD"));
            }
            byte[] file = Files.readAllBytes(server.historyFile());
            assertThat(new String(file, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("\0")
                    .startsWith("[").contains("[alice]:after the rotation\n").contains("bob has joined our chat...\n");
        }
    }

    @Test
    void deletedUnderALiveServerTheNextAckedLineIsInTheFileAtThePath() throws IOException {
        try (TestServer server = TestServer.start(dir, "--rate-limit", "0");
             WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            alice.awaitLineContaining("alice has joined");
            Files.delete(server.historyFile());
            assertThat(alice.request("text still here?")).singleElement().asString().endsWith("[alice]:still here?");
            assertThat(server.historyLines()).singleElement().asString().endsWith("[alice]:still here?");
        }
        // alice's leave may land before the stop or not at all (her socket closes first): only the stop is never there
        assertThat(Files.readAllLines(dir.resolve("history.txt"))).anyMatch(line -> line.endsWith("[alice]:still here?"))
                .noneMatch(line -> line.contains("server is shutting down"));
    }

    @Test
    void aPathThatCannotBeOpenedAgainRefusesTextUntilItCan() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("logs"));
        Path history = folder.resolve("history.txt");
        try (TestServer server = TestServer.start(dir, "--rate-limit", "0", "--history-file", history.toString());
             WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            alice.awaitLineContaining("alice has joined");
            Files.delete(history);
            Files.deleteIfExists(folder.resolve("history.txt.lock"));
            Files.delete(folder); // nothing at the path, and no folder to create it in

            assertThat(alice.request("text lost?")).singleElement().asString().startsWith("ERR history unavailable");

            Files.createDirectory(folder);
            assertThat(alice.request("text back")).singleElement().asString().endsWith("[alice]:back");
            assertThat(Files.readAllLines(history)).singleElement().asString().endsWith("[alice]:back");
        }
    }

    @Test
    void aSecondServerOnTheSameHistoryFileDoesNotStart() {
        try (TestServer first = TestServer.start(dir); WireClient alice = first.connectAdmitted()) {
            assertThatThrownBy(() -> TestServer.start(dir).close())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(first.historyFile().toString())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            alice.join("alice");
            alice.awaitLineContaining("alice has joined");
            assertThat(alice.request("text the first server still serves")).singleElement().asString()
                    .endsWith("[alice]:the first server still serves");
        }
        List<String> lines = readLines(dir.resolve("history.txt"));
        assertThat(lines).anyMatch(line -> line.endsWith("[alice]:the first server still serves"));
    }

    private static void truncate(Path path) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(0);
        }
    }

    private static List<String> readLines(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
