package org.netcatchat.client.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.testing.ServerProcess;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The self-contained client image ({@code target/chat-VERSION.tar.gz}), unpacked as a user would, chats with
 * an environment that has no JDK 21+ at all: PATH is {@code /usr/bin:/bin}, where {@code java} is the
 * machine's old default (17 here) or absent, and there is no JAVA_HOME.
 */
class RuntimeImageIT {
    @TempDir
    Path dir;

    @Test
    void theUnpackedImageChatsWithoutAJdkOnThePath() throws Exception {
        Path chat = unpack().resolve("bin/chat");
        assertThat(chat).isExecutable();

        Result version = run(List.of(chat.toString(), "--version"), "");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).containsExactly("chat-client-tui " + System.getProperty("netcatchat.version"));

        try (ServerProcess server = ServerProcess.start(dir)) {
            Result chatted = run(List.of(chat.toString(), "--name", "imagebob", "127.0.0.1", Integer.toString(server.port())),
                    "hello from the client image\n");

            assertThat(chatted.exitCode()).as("stderr: %s", chatted.stderr()).isZero();
            assertThat(chatted.stdout()).anyMatch(line -> line.endsWith("[imagebob]:hello from the client image"));
            assertThat(Files.readAllLines(server.historyFile()))
                    .anyMatch(line -> line.endsWith("[imagebob]:hello from the client image"));
        }
    }

    private record Result(int exitCode, List<String> stdout, List<String> stderr) {
    }

    /** Runs the command in piped mode with {@code input} on stdin and an environment with no JDK 21+. */
    private Result run(List<String> command, String input) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().put("LANG", "C.UTF-8");
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
        return new Result(process.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
    }

    private Path unpack() throws IOException, InterruptedException {
        Path image = Path.of(System.getProperty("netcatchat.client.image"));
        assertThat(image).as("built by `mvn package`").isRegularFile();
        Process tar = new ProcessBuilder("tar", "-xzf", image.toString(), "-C", dir.toString()).inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        try (var top = Files.list(dir)) {
            return top.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith("chat-"))
                    .findFirst().orElseThrow();
        }
    }
}
