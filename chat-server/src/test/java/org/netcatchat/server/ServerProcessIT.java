package org.netcatchat.server;

import org.netcatchat.testing.FreePort;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real jar as a process: start-up line, signals and exit codes. */
class ServerProcessIT {
    @TempDir
    Path dir;

    @Test
    void sigtermDrainsClientsAndExitsWithZero() {
        try (ServerProcess server = ServerProcess.start(dir, "--rate-limit", "0");
             WireClient alice = WireClient.connect(server.port())) {
            alice.awaitGreeting();
            alice.join("alice");
            alice.awaitLineContaining("alice has joined");
            alice.send("text last words before the stop");
            assertThat(alice.nextLine()).endsWith("[alice]:last words before the stop");
            assertThat(alice.nextReply()).isEmpty();

            server.terminate();

            assertThat(alice.awaitClosed()).singleElement().asString().endsWith("] server is shutting down");
            assertThat(server.awaitExit()).isZero();
            assertThat(String.join("\n", server.stderr())).contains("stopped").doesNotContain("Exception")
                    .containsPattern("stopping: told 1 connection, draining for up to [0-9.]+ s");
        }
        assertThat(readHistory()).as("the stop is not in the transcript").noneMatch(line -> line.contains("server is shutting down"))
                .last().asString().endsWith("[alice]:last words before the stop");
        assertThat(readHistory()).anyMatch(line -> line.endsWith("[alice]:last words before the stop"));
    }

    @Test
    void sigintStopsGracefullyLikeCtrlC() {
        try (ServerProcess server = ServerProcess.start(dir)) {
            server.interrupt();
            assertThat(server.awaitExit()).isZero();
        }
        assertThat(readHistory()).as("a stop with nobody connected leaves the history empty").isEmpty();
    }

    @Test
    void startupLineNamesPortMetricsAndHistoryFile() {
        int metricsPort = FreePort.pick();
        try (ServerProcess server = ServerProcess.start(dir, "--metrics-port", Integer.toString(metricsPort))) {
            String line = server.stderr().stream().filter(l -> l.contains("listening on")).findFirst().orElseThrow();
            assertThat(line).contains(":" + server.port() + ";")
                    .containsPattern("metrics on http://(\\[::\\]:" + metricsPort + "/metrics \\(every IPv4 and IPv6 address\\)"
                            + "|0\\.0\\.0\\.0:" + metricsPort + "/metrics \\(every IPv4 address\\));")
                    .contains(dir.resolve("history.txt").toString());
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
    }

    /**
     * The wildcard is said as the socket has it: a dual-stack [::] where the JDK opens IPv6 sockets (then the port
     * answers on ::1 and 127.0.0.1 alike, which the test checks), 0.0.0.0 on an IPv4-only machine; never a bare
     * 0.0.0.0 for a port that takes IPv6 too.
     */
    @Test
    void theStartupLineSaysWhatTheWildcardReallyListensOn() throws IOException {
        try (ServerProcess server = ServerProcess.launch(dir, List.of("0", "--metrics-port", "0",
                "--history-file", dir.resolve("h.txt").toString()))) {
            server.awaitListening();
            String line = server.stderr().stream().filter(l -> l.contains("listening on")).findFirst().orElseThrow();
            java.util.regex.Matcher said = java.util.regex.Pattern.compile("listening on (\\[::\\]|0\\.0\\.0\\.0):"
                    + server.port() + " \\((every IPv4 and IPv6 address|every IPv4 address)\\);").matcher(line);
            assertThat(said.find()).as(line).isTrue();
            assertThat(said.group(1).equals("[::]")).as(line).isEqualTo(said.group(2).contains("IPv6"));
            if (said.group(1).equals("[::]")) {
                for (String host : List.of("::1", "127.0.0.1")) {
                    try (java.net.Socket socket = new java.net.Socket(host, server.port())) {
                        assertThat(socket.isConnected()).as(host).isTrue();
                    }
                }
            }
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            70000                        | port must be from 0 to 65535  | 2
            eighty                       | eighty                        | 2
            --no-such-option             | Unknown option                | 2
            --max-connections zero       | zero                          | 2
            --fsync sometimes            | --fsync takes always, batch   | 2
            --login-timeout soon         | is not a time                 | 2
            --max-queue-bytes lots       | is not a size                 | 2
            """)
    void badArgumentsGetOneClearLineAUsageLineAndExitCodeTwo(String args, String message, int status) {
        try (ServerProcess server = ServerProcess.launch(dir, List.of(args.split(" ")))) {
            assertThat(server.awaitExit()).isEqualTo(status);
            assertThat(server.stderr()).hasSize(2);
            assertThat(server.stderr().get(0)).startsWith("chat-server: ").contains(message);
            assertThat(server.stderr().get(1)).startsWith("usage: java --enable-preview -jar chat-server.jar");
        }
    }

    @Test
    void portInUseIsReportedWithExitCodeOne() throws IOException {
        try (ServerSocket taken = new ServerSocket(0);
             ServerProcess server = ServerProcess.launch(dir, List.of(Integer.toString(taken.getLocalPort()),
                     "--metrics-port", "0", "--history-file", dir.resolve("h.txt").toString()))) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.stderr()).singleElement().asString()
                    .startsWith("chat-server: cannot listen on port " + taken.getLocalPort());
        }
    }

    @Test
    void unwritableHistoryFileIsReportedWithExitCodeOne() throws IOException {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
        Path file = readOnly.resolve("history.txt");
        // root ignores permission bits, so use a path whose parent is a regular file: unwritable for anyone
        Path impossible = Files.writeString(dir.resolve("not-a-folder"), "x").resolve("history.txt");
        for (Path history : List.of(file, impossible)) {
            if (history == file && isRoot()) {
                continue;
            }
            try (ServerProcess server = ServerProcess.launch(dir, List.of("0", "--metrics-port", "0",
                    "--history-file", history.toString()))) {
                assertThat(server.awaitExit()).isEqualTo(1);
                assertThat(server.stderr()).singleElement().asString()
                        .startsWith("chat-server: cannot ").contains(history.toString());
            }
        }
    }

    @Test
    void helpListsEveryOptionAndExitsWithZero() {
        try (ServerProcess server = ServerProcess.launch(dir, List.of("--help"))) {
            assertThat(server.awaitExit()).isZero();
            assertThat(String.join("\n", server.stdout())).contains("--metrics-port", "--history-file",
                    "--max-connections", "--bind", "--max-line-bytes", "--replay-lines", "--shutdown-timeout",
                    "--login-timeout", "--rate-limit", "--rate-burst", "--max-queue-bytes", "--fsync", "--metrics-bind",
                    "--idle-timeout");
        }
    }

    @Test
    void versionIsTheProjectVersionAndTheCommitOnTheCommandLineAndInTheMetrics() throws Exception {
        String version = System.getProperty("netcatchat.version");
        assertThat(version).as("the project version, from the pom").isNotBlank();
        try (ServerProcess server = ServerProcess.launch(dir, List.of("--version"))) {
            assertThat(server.awaitExit()).isZero();
            assertThat(server.stdout()).singleElement().asString().matches(ThisCheckout.versionLine("chat-server", version));
        }
        int metricsPort = FreePort.pick();
        try (ServerProcess server = ServerProcess.start(dir, "--metrics-port", Integer.toString(metricsPort),
                "--metrics-bind", "127.0.0.1")) {
            assertThat(MeteredServer.fetch(java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics")))
                    .containsPattern("netcat_build_info\\{version=\"" + java.util.regex.Pattern.quote(version)
                            + "\",commit=\"" + ThisCheckout.commit() + "(-dirty)?\",} 1.0");
        }
    }

    @Test
    void settingsComeFromAConfigFileAndTheEnvironmentAndAWrongOneNamesItsSource() throws Exception {
        Path config = Files.writeString(dir.resolve("chat-server.properties"),
                "port = 0\nbind = 127.0.0.1\nmetrics-port = 0\nhistory-file = from-file.txt\n");
        try (ServerProcess server = ServerProcess.launch(dir, List.of("--config", config.toString()),
                java.util.Map.of("NETCAT_CHAT_HISTORY_FILE", dir.resolve("from-env.txt").toString()))) {
            server.awaitListening();
            assertThat(server.stderr()).anyMatch(line -> line.contains("listening on 127.0.0.1:")
                    && line.contains("history " + dir.resolve("from-env.txt")));
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
        try (ServerProcess server = ServerProcess.launch(dir, List.of("--config", config.toString()),
                java.util.Map.of("NETCAT_CHAT_MAX_CONNECTIONS", "lots"))) {
            assertThat(server.awaitExit()).isEqualTo(2);
            assertThat(server.stderr().getFirst()).startsWith("chat-server: ").contains("lots")
                    .endsWith("(from environment variable NETCAT_CHAT_MAX_CONNECTIONS)");
        }
        Files.writeString(config, "max-conections = 5\n");
        try (ServerProcess server = ServerProcess.launch(dir, List.of("--config", config.toString()))) {
            assertThat(server.awaitExit()).isEqualTo(2);
            assertThat(server.stderr()).singleElement().asString()
                    .startsWith("chat-server: unknown key 'max-conections' in " + config);
        }
    }

    private List<String> readHistory() {
        try {
            return Files.readAllLines(dir.resolve("history.txt"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
