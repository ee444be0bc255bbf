package org.netcatchat.server.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real jar's log: JSON lines that parse, levels that filter, and a stop by signal without a stack trace. */
class LoggingIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void jsonLogsAreOneParsableObjectPerLineFromStartToStop() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, "--log-format", "json");
             WireClient alice = WireClient.connect(server.port())) {
            alice.awaitGreeting();
            alice.join("alice");
            String aliceAddress = "127.0.0.1:" + alice.socket().getLocalPort();
            alice.send("quit");
            alice.awaitClosed();
            server.terminate();
            assertThat(server.awaitExit()).isZero();

            List<JsonNode> records = new ArrayList<>();
            for (String line : server.stderr()) {
                records.add(JSON.readTree(line)); // throws on any line that is not one JSON object
            }
            assertThat(records).allSatisfy(record -> assertThat(record.fieldNames()).toIterable()
                    .contains("time", "level", "logger", "thread", "message"));
            assertThat(records).anySatisfy(record -> assertThat(record.path("message").asText()).contains("listening on"));
            assertThat(records).anySatisfy(record -> assertThat(record.path("message").asText()).contains("joined as alice"));
            assertThat(records.getLast().path("message").asText()).isEqualTo("stopped");
            List<String> aboutConnections = records.stream().map(record -> record.path("message").asText())
                    .filter(message -> message.startsWith("connection ")).toList();
            assertThat(aboutConnections).as("every line about a connection names the client's address")
                    .isNotEmpty().allSatisfy(message -> assertThat(message).startsWith("connection 1 from " + aliceAddress));
            assertThat(aboutConnections).anySatisfy(message -> assertThat(message)
                    .isEqualTo("connection 1 from " + aliceAddress + ": joined as alice"));
        }
    }

    @Test
    void aStopBySignalAtDebugLevelPrintsNoStackTrace() {
        try (ServerProcess server = ServerProcess.start(dir, "--log-level", "debug")) {
            server.terminate();
            assertThat(server.awaitExit()).isZero();
            assertThat(server.stderr()).anyMatch(line -> line.contains(" DEBUG "));
            assertThat(server.stderr()).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
        }
    }

    @Test
    void warnLevelLeavesOutTheInfoLines() {
        try (ServerProcess server = ServerProcess.launch(dir, List.of("0", "--bind", "127.0.0.1", "--metrics-port", "0",
                "--history-file", dir.resolve("history.txt").toString(), "--log-level", "warn"))) {
            server.terminate(); // may come before the server is up: either way it exits without an INFO line
            server.awaitExit();
            assertThat(server.stderr()).noneMatch(line -> line.contains(" INFO "));
        }
    }

    @Test
    void anUnknownFormatOrLevelStopsTheServerWithTheOptionNamed() {
        for (List<String> wrong : List.of(List.of("--log-format", "xml"), List.of("--log-level", "loud"))) {
            List<String> args = new ArrayList<>(List.of("0", "--metrics-port", "0"));
            args.addAll(wrong);
            try (ServerProcess server = ServerProcess.launch(dir, args)) {
                assertThat(server.awaitExit()).isEqualTo(2);
                assertThat(server.stderr().getFirst()).startsWith("chat-server: " + wrong.getFirst() + " takes ")
                        .contains("'" + wrong.getLast() + "'");
            }
        }
    }
}
