package org.netcatchat.server.hardening;

import org.netcatchat.protocol.Notation;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.netcatchat.protocol.ServerStream;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crashes of the real jar: {@code kill -9} in the middle of a flood loses no message whose ACK a client
 * received, leaves no torn line once restarted, and the server serves again; a torn last line is dropped at
 * start-up and the drop is logged.
 */
class CrashRecoveryIT {
    private static final int CLIENTS = 4;
    /** Texts each client keeps in flight: the crash then always cuts some of them off mid-way. */
    private static final int WINDOW = 8;
    /** ACKs seen before the kill: enough that the kill lands in the middle of a steady flood. */
    private static final int ACKED_BEFORE_KILL = 1_000;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** A flood message as it lies in the file: [c2]:c2-417. */
    private static final Pattern MESSAGE = Pattern.compile("\\[(c\\d)]:(c\\d)-(\\d+)");
    /** A flood message as sent: c2-417. */
    private static final Pattern SENT = Pattern.compile("(c\\d)-(\\d+)");
    private static final int SIGKILL_STATUS = 128 + 9;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "--fsync {0}")
    @ValueSource(strings = {"always", "batch", "never"})
    void killDashNineDuringAFloodLosesNoAcknowledgedMessage(String fsync) throws Exception {
        Set<String> acked = ConcurrentHashMap.newKeySet();
        try (ExecutorService flooders = Executors.newVirtualThreadPerTaskExecutor(); // closed last: flooders end with the server
             ServerProcess server = ServerProcess.start(dir, "--rate-limit", "0", "--fsync", fsync)) {
            assertThat(server.stderr()).anyMatch(line -> line.contains("(fsync " + fsync + ")"));
            List<WireClient> clients = new ArrayList<>();
            List<Future<Integer>> sent = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                WireClient client = WireClient.connect(server.port());
                client.awaitGreeting();
                client.join("c" + c);
                clients.add(client);
                String name = "c" + c;
                sent.add(flooders.submit(() -> flood(client, name, acked)));
            }
            await().atMost(DEADLINE).until(() -> acked.size() >= ACKED_BEFORE_KILL);

            server.kill();

            assertThat(server.awaitExit()).isEqualTo(SIGKILL_STATUS);
            int total = 0;
            for (Future<Integer> flooder : sent) {
                total += flooder.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
            clients.forEach(WireClient::close);
            System.out.printf("kill -9 with --fsync %s: %d texts sent, %d ACKed before the kill", fsync, total, acked.size());
        }
        byte[] leftByTheCrash = Files.readAllBytes(dir.resolve("history.txt"));
        boolean torn = leftByTheCrash.length > 0 && leftByTheCrash[leftByTheCrash.length - 1] != '\n';
        System.out.printf("; the file it left %s%n", torn ? "ends in a torn line" : "ends with a whole line");

        try (ServerProcess restarted = ServerProcess.start(dir, "--rate-limit", "0", "--fsync", fsync)) {
            assertThat(restarted.stderr().stream().anyMatch(line -> line.contains("moved a torn last line")))
                    .as("a torn line is dropped and logged exactly when the crash left one").isEqualTo(torn);
            Map<String, List<Integer>> kept = messagesByClient(Transcript.assertIntact(dir.resolve("history.txt")));
            for (int c = 0; c < CLIENTS; c++) {
                List<Integer> numbers = kept.getOrDefault("c" + c, List.of());
                assertThat(numbers).as("c%d's messages in the file: each once, in order, none skipped", c)
                        .isEqualTo(IntStream.range(0, numbers.size()).boxed().toList());
            }
            for (String message : acked) {
                Matcher m = SENT.matcher(message);
                assertThat(m.matches()).isTrue();
                assertThat(Integer.parseInt(m.group(2))).as("ACKed %s is in the file", message)
                        .isLessThan(kept.getOrDefault(m.group(1), List.of()).size());
            }
            servesAgain(restarted);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # what the crash left                  | whole lines                                                  | torn last line
            half a message                        | [2026-11-27 17:46:36] alice has joined our chat...<LF>       | [2026-11-27 17:46:37][alice]:cut sho
            a line cut right after its time stamp | [2026-11-27 17:46:36] alice has joined our chat...<LF>       | [2026-11-27 17:46:
            nothing but a torn line               | ""                                                           | [2026-11-27 17:46:37][alice]:never ended
            escape bytes that must not reach the log | [2026-11-27 17:46:36] alice has joined our chat...<LF>    | [2026-11-27 17:46:37][alice]:<ESC>]0;owned<BEL>
            """)
    void aTornLastLineIsDroppedAtStartUpAndTheDropIsLogged(String what, String whole, String torn) throws IOException {
        Path history = dir.resolve("history.txt");
        byte[] wholeBytes = Notation.bytes(whole);
        byte[] tornBytes = Notation.bytes(torn);
        byte[] file = new byte[wholeBytes.length + tornBytes.length];
        System.arraycopy(wholeBytes, 0, file, 0, wholeBytes.length);
        System.arraycopy(tornBytes, 0, file, wholeBytes.length, tornBytes.length);
        Files.write(history, file);

        try (ServerProcess server = ServerProcess.start(dir)) {
            assertThat(Files.readAllBytes(history)).as("cut back to the whole lines").isEqualTo(wholeBytes);
            String logged = server.stderr().stream().filter(line -> line.contains("moved a torn last line"))
                    .findFirst().orElseThrow(() -> new AssertionError("no log line about the torn line: " + server.stderr()));
            assertThat(logged).contains("history " + history).contains("of " + tornBytes.length + " bytes");
            assertThat(logged.chars()).as("control characters in the log line").noneMatch(ch -> ch < 0x20);
            servesAgain(server);
            List<String> lines = Transcript.assertIntact(history);
            assertThat(lines).noneMatch(line -> line.contains("cut sho") || line.contains("never ended") || line.contains("owned"));
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
    }

    /**
     * Sends texts, {@link #WINDOW} at a time, until the connection breaks; records each one whose ACK arrived.
     * @return how many it sent
     */
    private static int flood(WireClient client, String name, Set<String> acked) {
        ArrayDeque<String> inFlight = new ArrayDeque<>();
        int next = 0;
        boolean refused = false;
        try {
            while (true) {
                while (inFlight.size() < WINDOW) {
                    String message = name + "-" + next++;
                    inFlight.add(message);
                    client.send("text " + message);
                }
                Object event = client.next();
                if (event == WireClient.closedEvent()) {
                    return next;
                } else if (event instanceof ServerStream.Line line && line.isError()) {
                    refused = true; // would fail the test below: with --rate-limit 0 nothing should be refused
                } else if (event instanceof ServerStream.EndOfReply) {
                    String message = inFlight.remove();
                    assertThat(refused).as("%s was refused", message).isFalse();
                    acked.add(message);
                }
            }
        } catch (UncheckedIOException brokenPipe) {
            return next; // the server is gone
        }
    }

    private static Map<String, List<Integer>> messagesByClient(List<String> lines) {
        Map<String, List<Integer>> byClient = new HashMap<>();
        for (String line : lines) {
            Matcher m = MESSAGE.matcher(line);
            if (m.find()) {
                assertThat(m.group(1)).isEqualTo(m.group(2));
                byClient.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Integer.parseInt(m.group(3)));
            }
        }
        return byClient;
    }

    private static void servesAgain(ServerProcess server) {
        try (WireClient client = WireClient.connect(server.port())) {
            client.awaitGreeting();
            client.join("after");
            client.awaitLineContaining("] after has joined our chat...");
            client.send("text serving again");
            assertThat(client.nextLine()).endsWith("[after]:serving again");
            assertThat(client.nextReply()).isEmpty();
            assertThat(client.request("hist 1")).singleElement().asString().endsWith("[after]:serving again");
        }
    }
}
