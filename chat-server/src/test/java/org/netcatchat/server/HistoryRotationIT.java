package org.netcatchat.server;

import org.netcatchat.testing.ServerJar;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.protocol.ServerStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netcatchat.server.MeteredServer.awaiting;

/** The real jar: SIGHUP for an external logrotate, and kill -9 in the middle of built-in rotations. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HistoryRotationIT {
    @TempDir
    Path dir;

    @Test
    void afterAnExternalRenameSighupLetsGoOfTheOldFileAndTheNextLineGoesToANewOne() throws IOException {
        Path history = dir.resolve("history.txt");
        Path old = dir.resolve("history.txt.old");
        try (ServerProcess server = ServerProcess.start(dir); WireClient alice = WireClient.connect(server.port())) {
            assertThat(server.stderr()).as("the fixture restores SIGHUP's default disposition (not nohup's)")
                    .noneMatch(line -> line.contains("SIGHUP is ignored"));
            alice.awaitGreeting();
            alice.join("alice");
            alice.awaitLineContaining("alice has joined");
            alice.request("text before the rotation");
            Files.move(history, old); // logrotate without copytruncate: rename, then postrotate kill -HUP
            server.hangUp();

            awaiting().untilAsserted(() -> {
                assertThat(history).as("a new history file, created on SIGHUP before any line").exists();
                assertThat(openFiles(server.pid())).as("the server let go of the renamed file")
                        .doesNotContain(old.toRealPath().toString());
            });
            assertThat(server.isAlive()).as("SIGHUP does not stop the server").isTrue();
            assertThat(alice.request("text after the rotation")).singleElement().asString().endsWith("[alice]:after the rotation");
            assertThat(Files.readAllLines(history)).singleElement().asString().endsWith("[alice]:after the rotation");
            assertThat(Files.readAllLines(old)).last().asString().endsWith("[alice]:before the rotation");
            awaiting().untilAsserted(() -> // logged by the server before the ACK, read by a thread of the fixture
                    assertThat(String.join("\n", server.stderr())).contains("history " + history + " was moved or deleted;"));
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
    }

    /**
     * Started under nohup, a JVM cannot handle SIGHUP: the server says so at start-up, the signal neither stops
     * it nor reopens anything, and after a logrotate's rename the next line still goes to a new file (the path
     * is checked before every append).
     */
    @Test
    void startedWithSighupIgnoredItWarnsAndStillFollowsARenameAtTheNextLine() throws IOException {
        Path history = dir.resolve("history.txt");
        Path old = dir.resolve("history.txt.old");
        List<String> command = List.of("env", "--ignore-signal=HUP", ServerProcess.javaExecutable(), "--enable-preview",
                "-jar", ServerJar.path().toString(), "0", "--bind", "127.0.0.1", "--metrics-port", "0",
                "--history-file", history.toString());
        try (ServerProcess server = ServerProcess.exec(dir, command, Map.of(), false).awaitListening();
             WireClient alice = WireClient.connect(server.port())) {
            assertThat(server.stderr()).anySatisfy(line -> assertThat(line).contains("WARN")
                    .contains("SIGHUP is ignored by this process (started under nohup?)"));
            alice.awaitGreeting();
            alice.join("alice");
            alice.request("text before the rotation");
            Files.move(history, old);
            server.hangUp();

            assertThat(alice.request("text after the rotation")).singleElement().asString().endsWith("[alice]:after the rotation");
            assertThat(server.isAlive()).as("an ignored SIGHUP does not stop the server").isTrue();
            assertThat(Files.readAllLines(history)).singleElement().asString().endsWith("[alice]:after the rotation");
            assertThat(Files.readAllLines(old)).last().asString().endsWith("[alice]:before the rotation");
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
    }

    @Test
    void killedInTheMiddleOfRotationsEveryAckedLineIsInExactlyOneFileInOrder() throws Exception {
        int sent = 3000;
        int acked = 0;
        try (ServerProcess server = ServerProcess.start(dir, "--rate-limit", "0", "--replay-lines", "1",
                "--history-max-bytes", "1k", "--history-keep", "1000");
             WireClient flooder = WireClient.connect(server.port())) {
            flooder.awaitGreeting();
            flooder.join("flooder");
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < sent; i++) {
                        flooder.send("text " + i);
                    }
                } catch (UncheckedIOException e) {
                    // the server is gone: the rest is never ACKed
                }
            });
            while (true) {
                Object event = flooder.next();
                if (event instanceof ServerStream.EndOfReply) {
                    if (++acked == sent / 4) {
                        server.kill(); // rotations happen every ~25 lines: some are under way now
                    }
                } else if (event == WireClient.closedEvent()) {
                    break;
                }
            }
            sender.join();
            server.awaitExit();
        }
        List<String> lines = new ArrayList<>();
        for (int number = 1000; number >= 1; number--) {
            Path kept = dir.resolve("history.txt." + number);
            if (Files.exists(kept)) {
                lines.addAll(Files.readAllLines(kept));
            }
        }
        if (Files.exists(dir.resolve("history.txt"))) {
            lines.addAll(Files.readAllLines(dir.resolve("history.txt")));
        }
        List<Integer> numbers = lines.stream().filter(line -> line.contains("[flooder]:"))
                .map(line -> Integer.parseInt(line.substring(line.indexOf("]:") + 2))).toList();
        assertThat(acked).isGreaterThanOrEqualTo(sent / 4);
        assertThat(numbers.size()).as("every ACKed line is kept").isGreaterThanOrEqualTo(acked);
        for (int i = 0; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).as("line %d of the kept files", i).isEqualTo(i);
        }
        assertThat(Files.exists(dir.resolve("history.txt.2"))).as("it had rotated many times").isTrue();
        try (ServerProcess again = ServerProcess.start(dir, "--history-max-bytes", "1k", "--history-keep", "1000");
             WireClient reader = WireClient.connect(again.port())) {
            reader.awaitGreeting();
            assertThat(reader.request("hist")).as("a restart reads whatever the kill left, as it is").isEqualTo(lines);
        }
    }

    /** The files a process has open, from /proc. */
    private static List<String> openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            List<String> targets = new ArrayList<>();
            for (Path fd : fds.toList()) {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
            return targets;
        }
    }
}
