package org.netcatchat.server;

import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The self-contained server image ({@code target/chat-server-VERSION.tar.gz}), unpacked as an operator would,
 * runs with an environment that has no JDK 25 at all: PATH is {@code /usr/bin:/bin}, where {@code java} is the
 * machine's old default (17 here) or absent, and there is no JAVA_HOME.
 */
class RuntimeImageIT {
    private static final Map<String, String> NO_JDK_25 = Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8");

    @TempDir
    Path dir;

    @Test
    void theUnpackedImageServesAChatWithoutAJdkOnThePath() throws Exception {
        Path server = unpack().resolve("bin/chat-server");
        assertThat(server).isExecutable();

        try (ServerProcess version = ServerProcess.exec(dir, List.of(server.toString(), "--version"), NO_JDK_25, true)) {
            assertThat(version.awaitExit()).isZero();
            assertThat(version.stdout()).singleElement().asString()
                    .matches(ThisCheckout.versionLine("chat-server", System.getProperty("netcatchat.version")));
        }

        try (ServerProcess help = ServerProcess.exec(dir, List.of(server.toString(), "--help"), NO_JDK_25, true)) {
            assertThat(help.awaitExit()).isZero();
            assertThat(help.stdout()).as("the command the operator typed, not the bare jar's java -jar line")
                    .first().isEqualTo("Usage: " + server + " [port] [options]");
            assertThat(help.stdout()).noneMatch(line -> line.contains("java --enable-preview"));
        }
        try (ServerProcess wrong = ServerProcess.exec(dir, List.of(server.toString(), "--no-such-option"), NO_JDK_25, true)) {
            assertThat(wrong.awaitExit()).isEqualTo(2);
            assertThat(wrong.stderr()).last().isEqualTo("usage: " + server + " [port] [options]   (--help lists the options)");
        }

        Path history = dir.resolve("history.txt");
        try (ServerProcess running = ServerProcess.exec(dir, List.of(server.toString(), "0", "--bind", "127.0.0.1",
                "--metrics-port", "0", "--history-file", history.toString()), NO_JDK_25, true).awaitListening();
             WireClient alice = WireClient.connect(running.port())) {
            alice.awaitGreeting();
            alice.join("alice");
            assertThat(alice.request("text from the image")).as("the replayed join notice, then the echo, then the ACK")
                    .last().asString().endsWith("[alice]:from the image");

            running.terminate();
            assertThat(running.awaitExit()).isZero();
        }
        assertThat(Files.readAllLines(history)).anyMatch(line -> line.endsWith("[alice]:from the image"));
    }

    private Path unpack() throws IOException, InterruptedException {
        Path image = Path.of(System.getProperty("netcatchat.server.image"));
        assertThat(image).as("built by `mvn package`").isRegularFile();
        Process tar = new ProcessBuilder("tar", "-xzf", image.toString(), "-C", dir.toString()).inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        try (var top = Files.list(dir)) {
            return top.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith("chat-server-"))
                    .findFirst().orElseThrow();
        }
    }
}
