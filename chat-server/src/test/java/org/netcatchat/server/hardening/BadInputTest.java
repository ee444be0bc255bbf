package org.netcatchat.server.hardening;

import org.netcatchat.protocol.Notation;
import org.netcatchat.server.MeteredServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.netcatchat.protocol.Frame;
import org.netcatchat.protocol.FrameParser;
import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.ServerStream;
import org.netcatchat.testing.WireClient;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bytes over a real socket. Every bad frame gets one clear {@code ERR} or is made harmless, the
 * connection that sent it stays usable, and nothing of it reaches another client or the history file
 * except as printable text. (The frame parser's own properties are chat-core's jqwik test.)
 */
class BadInputTest {
    private static final String MAX_LINE_ERROR = "ERR line too long (max 4096 bytes); it was discarded";

    @TempDir
    Path dir;

    private MeteredServer server;
    private WireClient observer;

    @BeforeEach
    void start() {
        // The rate limit has tests of its own; here it would only make replies depend on timing.
        server = MeteredServer.start(dir, "--rate-limit", "0");
        observer = server.joined("observer");
    }

    @AfterEach
    void stop() {
        observer.close();
        server.close();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # what                              | message sent                                    | everyone sees
            NUL byte                            | a<NUL>b                                         | a�b
            invalid UTF-8: cut-off sequence     | caf<xC3>(                                       | caf�(
            invalid UTF-8: lone continuation    | <x80>x                                          | �x
            invalid UTF-8: overlong slash       | a<xC0><xAF>b                                    | a��b
            invalid UTF-8: byte FF              | a<xFF>b                                         | a�b
            invalid UTF-8: encoded surrogate    | a<xED><xA0><x80>b                               | a�b
            ANSI colour (CSI)                   | <ESC>[31mred<ESC>[0m                            | �[31mred�[0m
            ANSI clear screen and cursor home   | <ESC>[2J<ESC>[H                                 | �[2J�[H
            OSC window title ended by BEL       | <ESC>]0;pwned<BEL>                              | �]0;pwned�
            OSC 8 hyperlink ended by ST         | <ESC>]8;;http://evil<ESC>\\click<ESC>]8;;<ESC>\\ | �]8;;http://evil�\\click�]8;;�\\
            C1 CSI as UTF-8 (U+009B)            | <xC2><x9B>31mred                                | �31mred
            C1 CSI as a raw byte                | <x9B>31mred                                     | �31mred
            backspaces that hide text           | yes<x08><x08><x08>no                            | yes���no
            DEL                                 | a<DEL>b                                         | a�b
            bidi override                       | abc<xE2><x80><xAE>def                           | abc�def
            line separator U+2028               | a<xE2><x80><xA8>b                               | a�b
            TAB is kept                         | a<TAB>b                                         | a<TAB>b
            valid UTF-8 is kept                 | héllo wörld 你好 🎉                              | héllo wörld 你好 🎉
            """)
    void messagesReachOthersAndTheFileOnlyAsPrintableText(String what, String sent, String seen) {
        String expected = "[alice]:" + Notation.text(seen);
        try (WireClient alice = server.joined("alice")) {
            observer.awaitLineContaining("alice has joined");

            alice.sendRaw(Notation.bytes("text " + sent + "<LF>"));

            assertThat(alice.nextLine()).endsWith(expected);
            assertThat(alice.nextReply()).isEmpty();
            assertThat(observer.nextLine()).endsWith(expected);
        }
        assertThat(observer.nextLine()).endsWith("] alice has left our chat...");
        observer.assertExhausted();
        assertThat(Transcript.assertIntact(server.historyFile())).anyMatch(line -> line.endsWith(expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # name sent                 | the reason says
            <ESC>[31malice              | not U+001B
            alice<ESC>]0;owned<BEL>     | not U+001B
            <xC2><x9B>31malice          | not U+009B
            al<NUL>ice                  | not U+0000
            al<xFF>ice                  | not U+FFFD
            ali<xE2><x80><x8B>ce        | not U+200B
            ali<xE2><x80><xAE>ce        | not U+202E
            [admin]                     | not '['
            a b                         | not a space
            <a*33>                      | at most 32 characters
            ""                          | at least one character
            """)
    void namesWithEscapesOrControlsAreRejectedAndTheConnectionStaysUsable(String sent, String reason) {
        try (WireClient mallory = server.connectAdmitted()) {
            mallory.sendRaw(Notation.bytes("name " + sent + "<LF>"));

            List<String> reply = mallory.nextReply();
            assertThat(reply).singleElement().asString().startsWith("ERR invalid name: ").contains(reason);
            assertPrintable(reply.getFirst());
            mallory.join("mallory");
        }
        assertThat(observer.nextLine()).endsWith("] mallory has joined our chat...");
        assertThat(observer.nextLine()).endsWith("] mallory has left our chat...");
        observer.assertExhausted();
        server.awaitMetric("netcat_rejected_frames_total{reason=\"invalid_name\"}", 1);
    }

    /** How the same bytes reach the server: the parser must not care. */
    enum Delivery {
        ONE_SEGMENT, ONE_BYTE_PER_SEGMENT, SEEDED_RANDOM_SEGMENTS;

        void send(WireClient client, byte[] bytes) {
            switch (this) {
                case ONE_SEGMENT -> client.sendRaw(bytes);
                case ONE_BYTE_PER_SEGMENT -> {
                    for (byte b : bytes) {
                        client.sendRaw(new byte[] {b}); // a flush per byte; the client socket has TCP_NODELAY
                    }
                }
                case SEEDED_RANDOM_SEGMENTS -> {
                    Random random = new Random(4);
                    for (int i = 0; i < bytes.length; ) {
                        int length = Math.min(bytes.length - i, 1 + random.nextInt(7));
                        client.sendRaw(Arrays.copyOfRange(bytes, i, i + length));
                        i += length;
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void framesEndedByLfCrLfOrABareCrMeanTheSameHoweverTheBytesAreSplit(Delivery delivery) {
        try (WireClient alice = server.joined("alice")) {
            observer.awaitLineContaining("alice has joined");

            delivery.send(alice, Notation.bytes(
                    "text héllo 🎉<CR><LF>text two<CR>text three<LF>hist 2<CR><LF>text<SP><SP>four<CR>"));

            assertThat(eventsWithoutTimestamps(alice, 5)).containsExactly(
                    "[alice]:héllo 🎉", "ACK",
                    "[alice]:two", "ACK",
                    "[alice]:three", "ACK",
                    "[alice]:two", "[alice]:three", "ACK",
                    "[alice]: four", "ACK");
            assertThat(Stream.of(observer.nextLine(), observer.nextLine(), observer.nextLine(), observer.nextLine()))
                    .map(BadInputTest::withoutTimestamp)
                    .containsExactly("[alice]:héllo 🎉", "[alice]:two", "[alice]:three", "[alice]: four");
            alice.assertExhausted();
        }
        observer.awaitLineContaining("alice has left");
        observer.assertExhausted();
        assertThat(server.metric("netcat_rejected_frames_total{reason=\"unknown_command\"}"))
                .as("no CR LF split across segments was read as an empty line").isZero();
    }

    @Test
    void manyFramesInOneSegmentAreAllAnsweredInOrder() {
        int count = 300;
        StringBuilder frames = new StringBuilder();
        for (int i = 0; i < count; i++) {
            frames.append("text burst ").append(i).append('\n');
        }
        frames.append("hist 2\nname alice2\ntext renamed\n");
        try (WireClient alice = server.joined("alice")) {
            observer.awaitLineContaining("alice has joined");

            alice.sendRaw(frames.toString().getBytes(StandardCharsets.UTF_8));

            for (int i = 0; i < count; i++) {
                assertThat(alice.nextLine()).endsWith("[alice]:burst " + i);
                assertThat(alice.nextReply()).isEmpty();
                assertThat(observer.nextLine()).endsWith("[alice]:burst " + i);
            }
            assertThat(alice.nextReply()).map(BadInputTest::withoutTimestamp)
                    .containsExactly("[alice]:burst " + (count - 2), "[alice]:burst " + (count - 1));
            assertThat(alice.nextLine()).endsWith("] alice is now known as alice2...");
            assertThat(alice.nextReply()).isEmpty();
            assertThat(alice.nextLine()).endsWith("[alice2]:renamed");
            assertThat(alice.nextReply()).isEmpty();
            alice.assertExhausted();
        }
        assertThat(observer.nextLine()).endsWith("] alice is now known as alice2...");
        assertThat(observer.nextLine()).endsWith("[alice2]:renamed");
        server.awaitMetric("netcat_messages_total", count + 1);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a socket write has no deadline of its own
    void aLineOfMegabytesGetsOneErrorBeforeItEndsWhileOthersAreServedAndTheConnectionStaysUsable() {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        int chunks = 256; // 16 MiB more of the same line
        try (WireClient mallory = server.joined("mallory")) {
            observer.awaitLineContaining("mallory has joined");

            mallory.sendRaw(Notation.bytes("text <a*4097>"));
            // The line has not ended, so a server that answers now is not waiting for the end: it discards.
            assertThat(mallory.nextReply()).containsExactly(MAX_LINE_ERROR);

            for (int i = 0; i < chunks; i++) {
                mallory.sendRaw(chunk);
                if (i % 32 == 0) { // others are served meanwhile, in the same order as ever
                    observer.send("text ping " + i);
                    assertThat(observer.nextLine()).endsWith("[observer]:ping " + i);
                    assertThat(observer.nextReply()).isEmpty();
                    assertThat(mallory.nextLine()).endsWith("[observer]:ping " + i);
                }
            }
            mallory.sendRaw(Notation.bytes("<LF>text after the long line<LF>"));

            assertThat(mallory.nextLine()).endsWith("[mallory]:after the long line");
            assertThat(mallory.nextReply()).isEmpty();
            mallory.assertExhausted(); // one ERR for the whole line, no more
        }
        assertThat(observer.nextLine()).endsWith("[mallory]:after the long line");
        server.awaitMetric("netcat_rejected_frames_total{reason=\"line_too_long\"}", 1);
        assertThat(server.metric("netcat_received_bytes_total")).as("the server read every byte of it")
                .isGreaterThan(chunks * (double) chunk.length);
        assertThat(Transcript.assertIntact(server.historyFile())).noneMatch(line -> line.contains("aaaa"));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void binaryGarbageGetsOneErrorPerLineAndLeavesTheConnectionUsable(long seed) {
        byte[] garbage = new byte[64 * 1024];
        new Random(seed).nextBytes(garbage);
        byte[] input = Arrays.copyOf(garbage, garbage.length + 1);
        input[garbage.length] = '\n'; // ends whatever line the garbage left open
        List<Frame> frames = new ArrayList<>();
        new FrameParser(4096).feed(input, 0, input.length, frames::add);
        assertThat(frames).as("seed %d makes only malformed frames", seed).allMatch(Frame.Malformed.class::isInstance);
        Map<Problem, Integer> problems = new EnumMap<>(Problem.class);
        frames.forEach(frame -> problems.merge(((Frame.Malformed) frame).problem(), 1, Integer::sum));

        try (WireClient mallory = server.connectAdmitted()) {
            mallory.sendRaw(input);

            for (Frame frame : frames) {
                String expected = new String(((Frame.Malformed) frame).reply().encode(), StandardCharsets.UTF_8);
                List<String> reply = mallory.nextReply();
                assertThat(reply).containsExactly(expected.substring(0, expected.length() - 2));
                assertPrintable(reply.getFirst());
            }
            mallory.assertExhausted();
            mallory.join("mallory");
        }
        assertThat(observer.nextLine()).as("nothing of the garbage reached anyone").endsWith("] mallory has joined our chat...");
        problems.forEach((problem, count) -> assertThat(
                server.metric("netcat_rejected_frames_total{reason=\"" + problem.label() + "\"}"))
                .as(problem.label()).isEqualTo(count.doubleValue()));
    }

    @ParameterizedTest(name = "[{index}] {0} / then {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # in one segment                                      | after the server closed
            text before<LF>quit<LF>text after<LF>                 | ""
            text before<LF>quit<CR>text after<CR>                 | ""
            text before<LF>quit<LF>name mallory<LF>text after<LF> | ""
            text before<LF>quit<LF>                               | text after<LF>
            """)
    void nothingAClientSendsAfterQuitIsExecuted(String sent, String sentLater) {
        WireClient alice = server.joined("alice");
        observer.awaitLineContaining("alice has joined");

        alice.sendRaw(Notation.bytes(sent));

        assertThat(alice.awaitClosed()).anyMatch(line -> line.endsWith("[alice]:before")).noneMatch(line -> line.contains("after"));
        if (!sentLater.isEmpty()) {
            try {
                alice.sendRaw(Notation.bytes(sentLater)); // into a closed connection: accepted locally or refused
            } catch (UncheckedIOException expected) {
                // broken pipe or reset: either way nothing reaches the room
            }
        }
        alice.close();
        assertThat(observer.nextLine()).endsWith("[alice]:before");
        assertThat(observer.nextLine()).endsWith("] alice has left our chat...");
        // Everything alice could still have caused would be queued before this marker.
        observer.send("text marker");
        assertThat(observer.nextLine()).endsWith("[observer]:marker");
        assertThat(observer.nextReply()).isEmpty();
        observer.assertExhausted();
        assertThat(Transcript.assertIntact(server.historyFile()))
                .noneMatch(line -> line.contains("after") || line.contains("mallory"));
    }

    @ParameterizedTest(name = "[{index}] reset after \"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            text half a mess
            te
            text caf<xC3>
            name bo
            text <a*6000>
            """)
    void aResetInTheMiddleOfAFrameEndsOnlyThatConnection(String partial) {
        for (int round = 0; round < 3; round++) {
            WireClient alice = server.joined("alice");
            observer.awaitLineContaining("alice has joined");

            alice.sendRaw(Notation.bytes(partial));
            alice.reset();

            assertThat(observer.nextLine()).endsWith("] alice has left our chat...");
            MeteredServer.awaiting().until(() -> server.liveConnections() == 1);
            alice.close();
        }
        observer.send("text still here");
        assertThat(observer.nextLine()).endsWith("[observer]:still here");
        assertThat(observer.nextReply()).isEmpty();
        observer.assertExhausted();

        observer.close();
        server.awaitMetric("netcat_active_connections", 0);
        server.awaitMetric("netcat_connection_virtual_threads", 0);
        assertThat(server.liveConnections()).isZero();
        assertThat(Transcript.assertIntact(server.historyFile())).noneMatch(line -> line.contains("half"));
    }

    @Test
    void noClientInputCreatesOrNamesAFile() throws Exception {
        try (WireClient mallory = server.connectAdmitted()) {
            for (String hostile : List.of("name ../../etc/passwd", "name /tmp/x", "hist ../history.txt", "hist /etc/passwd",
                    "text ../../../../tmp/owned")) {
                mallory.request(hostile);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            // the history file, and the sidecar whose lock says which server owns it
            assertThat(files).containsExactlyInAnyOrder(server.historyFile(),
                    server.historyFile().resolveSibling(server.historyFile().getFileName() + ".lock"));
        }
    }

    /** The next {@code replies} replies as "line" and "ACK" entries, each line without its time stamp. */
    private static List<String> eventsWithoutTimestamps(WireClient client, int replies) {
        List<String> events = new ArrayList<>();
        while (replies > 0) {
            Object event = client.next();
            if (event instanceof ServerStream.EndOfReply) {
                events.add("ACK");
                replies--;
            } else if (event instanceof ServerStream.Line line) {
                events.add(withoutTimestamp(line.text()));
            } else {
                throw new AssertionError("connection closed; so far " + events);
            }
        }
        return events;
    }

    private static String withoutTimestamp(String line) {
        assertThat(line).matches("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d].*");
        return line.substring("[2026-11-27 17:46:36]".length());
    }

    private static void assertPrintable(String line) {
        assertThat(line.chars()).as("control characters in %s", line)
                .noneMatch(c -> (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F));
    }
}
