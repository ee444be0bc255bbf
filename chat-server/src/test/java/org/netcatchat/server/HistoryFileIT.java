package org.netcatchat.server;

import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar and its history file (issue 8, defects 5, 8 and 11; issue 10's missing directory): what
 * only a process shows, a second process on the same file, and a refused start as exit 1 with one line.
 */
class HistoryFileIT {
    @TempDir
    Path dir;

    @Test
    void aSecondServerOnTheSameHistoryFileRefusesToStartNamingTheFileAndTheHolder() {
        Path history = dir.resolve("history.txt");
        try (ServerProcess first = ServerProcess.start(dir);
             WireClient alice = WireClient.connect(first.port())) {
            alice.awaitGreeting();
            alice.join("alice");
            alice.awaitLineContaining("alice has joined");
            try (ServerProcess second = ServerProcess.launch(dir, List.of("0", "--bind", "127.0.0.1",
                    "--metrics-port", "0", "--history-file", history.toString()))) {
                assertThat(second.awaitExit()).isEqualTo(1);
                assertThat(second.stderr()).singleElement().asString()
                        .startsWith("chat-server: ")
                        .contains(history.toString())
                        .contains("pid " + first.pid());
            }
            alice.send("text the first server still owns the file");
            assertThat(alice.nextLine()).endsWith("[alice]:the first server still owns the file");
            assertThat(alice.nextReply()).isEmpty();
            first.terminate();
            assertThat(first.awaitExit()).isZero();
        }
    }

    @Test
    void aHistoryFileInAMissingDirectoryIsOneClearLine() {
        expectRefused(dir.resolve("no-such-dir").resolve("history.txt"), "the directory " + dir.resolve("no-such-dir") + " does not exist");
    }

    @Test
    void aSymlinkedHistoryFileIsRefused() throws IOException {
        Path target = Files.writeString(dir.resolve("elsewhere.txt"), "one\n");
        Path link = Files.createSymbolicLink(dir.resolve("history.txt"), target);
        expectRefused(link, "symbolic link");
        assertThat(Files.readString(target)).isEqualTo("one\n");
    }

    @Test
    void aFileWithoutLineEndsIsRefusedNotEmptied() throws IOException {
        Path wrong = dir.resolve("photo.jpg");
        byte[] content = "y".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        Files.write(wrong, content);
        expectRefused(wrong, "100000 bytes after its last line end");
        assertThat(Files.readAllBytes(wrong)).isEqualTo(content);
    }

    @Test
    void aFileWithNulBytesIsRefused() throws IOException {
        Path history = dir.resolve("history.txt");
        Files.write(history, new byte[]{'a', '\n', 0, 0, 0, 'b', '\n'});
        expectRefused(history, "NUL byte at offset 2");
    }

    private void expectRefused(Path history, String reason) {
        try (ServerProcess server = ServerProcess.launch(dir, List.of("0", "--bind", "127.0.0.1",
                "--metrics-port", "0", "--history-file", history.toString()))) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.stderr()).singleElement().asString()
                    .startsWith("chat-server: ")
                    .contains(history.toString())
                    .contains(reason)
                    .doesNotContain("null");
        }
    }
}
