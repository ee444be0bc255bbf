package org.netcatchat.server;

import org.netcatchat.testing.WireClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every row and rule of protocol v1, against a real server over loopback. */
class ProtocolTest {
    static final Pattern STAMP = Pattern.compile("^\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}]");

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAdmittedConnectionIsGreetedWithTheCommandsInPlainText() {
        try (WireClient client = server.connect()) {
            List<String> greeting = client.awaitGreeting();
            assertThat(String.join("\n", greeting)).contains("name", "text", "hist", "list", "quit", "join#dev",
                    "part#dev", "tell#dev", "tell bob", "room");
            assertThat(greeting).noneMatch(line -> line.startsWith("[") || line.startsWith("ERR "));
            client.assertExhausted();
        }
    }

    @Test
    void joiningIsAckedThenReplaysHistoryThenGoesLive() {
        try (WireClient alice = server.connectAdmitted(); WireClient bob = server.connectAdmitted()) {
            alice.join("alice");
            assertThat(alice.nextLine()).matches(STAMP + " alice has joined our chat\\.\\.\\.");
            alice.send("text hello");
            assertThat(alice.nextLine()).matches(STAMP + "\\[alice]:hello");
            assertThat(alice.nextReply()).isEmpty();

            bob.join("bob");
            assertThat(bob.nextLine()).endsWith("] alice has joined our chat...");
            assertThat(bob.nextLine()).endsWith("[alice]:hello");
            assertThat(bob.nextLine()).endsWith("] bob has joined our chat...");
            assertThat(alice.nextLine()).endsWith("] bob has joined our chat...");

            bob.send("text hi alice");
            assertThat(alice.nextLine()).endsWith("[bob]:hi alice");
            assertThat(bob.nextLine()).endsWith("[bob]:hi alice");
            assertThat(bob.nextReply()).isEmpty();
            alice.assertExhausted();
            bob.assertExhausted();
        }
    }

    @Test
    void theSpaceAfterTheCommandIsOptionalAndCrLfWorksLikeLf() {
        try (WireClient alice = server.connectAdmitted()) {
            alice.sendRaw("namealice\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(alice.nextReply()).isEmpty();
            alice.nextLine();
            alice.sendRaw("texthello\r\ntext  two spaces\n".getBytes(StandardCharsets.UTF_8));
            assertThat(alice.nextLine()).endsWith("[alice]:hello");
            assertThat(alice.nextReply()).isEmpty();
            assertThat(alice.nextLine()).endsWith("[alice]: two spaces");
            assertThat(alice.nextReply()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            join                   | ERR invalid room: a room name starts with #, e.g. #dev
            join#dev               | ERR join first: send name followed by your name, e.g. name alice
            tell bob hi            | ERR join first: send name followed by your name, e.g. name alice
            tell#dev hi            | ERR join first: send name followed by your name, e.g. name alice
            part#dev               | ERR join first: send name followed by your name, e.g. name alice
            hist#dev               | ERR join first: send name followed by your name, e.g. name alice
            room now               | ERR room takes no argument
            tell#lobby             | ERR empty message: nothing was sent
            join#a/b               | ERR invalid room: a room name may hold only letters, digits, _ - and . (not '/')
            jump                   | ERR unknown command "jump"; commands are name, text, hist, list, quit, join, part, tell, room
            NAME alice             | ERR unknown command "NAME"; commands are name, text, hist, list, quit, join, part, tell, room
            hi                     | ERR unknown command "hi"; commands are name, text, hist, list, quit, join, part, tell, room
            text hello             | ERR join first: send name followed by your name, e.g. name alice
            name al ice            | ERR invalid name: a name may hold only letters, digits, _ - and . (not a space)
            name [admin]           | ERR invalid name: a name may hold only letters, digits, _ - and . (not '[')
            name abcdefghijabcdefghijabcdefghijabc | ERR invalid name: a name has at most 32 characters
            name                   | ERR invalid name: a name needs at least one character
            hist 0                 | ERR hist takes nothing or a number of lines from 1 to 999999999
            hist ten               | ERR hist takes nothing or a number of lines from 1 to 999999999
            quit now               | ERR quit takes no argument
            """)
    void aBadFrameGetsOneErrLineAndTheConnectionStaysUsable(String frame, String error) {
        try (WireClient client = server.connectAdmitted()) {
            assertThat(client.request(frame)).containsExactly(error);
            client.join("still-usable");
        }
    }

    @Test
    void emptyAndBlankMessagesAreRefusedAndNeverBroadcast() {
        try (WireClient alice = server.connectAdmitted(); WireClient bob = server.connectAdmitted()) {
            alice.join("alice");
            alice.nextLine();
            bob.join("bob");
            bob.awaitLineContaining("bob has joined");
            alice.nextLine();
            for (String blank : List.of("text", "text ", "text    ", "text \t ")) {
                assertThat(alice.request(blank)).singleElement().asString().startsWith("ERR empty message");
            }
            alice.send("text real");
            assertThat(bob.nextLine()).endsWith("[alice]:real");
            bob.assertExhausted();
        }
    }

    @Test
    void namesAreUniqueIgnoringCaseAndWidth() {
        try (WireClient first = server.connectAdmitted(); WireClient second = server.connectAdmitted()) {
            first.join("Alice");
            for (String same : List.of("alice", "ALICE", "ａｌｉｃｅ")) {
                assertThat(second.request("name " + same)).singleElement().asString().startsWith("ERR name taken");
            }
            second.join("alice2");
        }
    }

    @Test
    void renamingIsAnnouncedAndFreesTheOldName() {
        try (WireClient alice = server.connectAdmitted(); WireClient bob = server.connectAdmitted()) {
            alice.join("alice");
            alice.nextLine();
            alice.send("name alicia");
            assertThat(alice.nextLine()).matches(STAMP + " alice is now known as alicia\\.\\.\\.");
            assertThat(alice.nextReply()).isEmpty();
            bob.join("alice");
            bob.send("text hi");
            assertThat(alice.awaitLineContaining("]:hi")).endsWith("[alice]:hi");
        }
    }

    @Test
    void histWorksBeforeJoiningAndReturnsTheLastLinesThenAck() {
        try (WireClient alice = server.connectAdmitted(); WireClient reader = server.connectAdmitted()) {
            alice.join("alice");
            alice.nextLine();
            for (int i = 1; i <= 5; i++) {
                alice.request("text m" + i);
            }
            List<String> all = reader.request("hist");
            assertThat(all).hasSize(6).allMatch(line -> STAMP.matcher(line).find());
            assertThat(all.get(1)).endsWith("[alice]:m1");
            assertThat(reader.request("hist 2")).containsExactlyElementsOf(all.subList(4, 6));
            assertThat(reader.request("hist 999")).containsExactlyElementsOf(all);
            assertThat(all).containsExactlyElementsOf(server.historyLines());
            reader.assertExhausted();
        }
    }

    @Test
    void listWorksBeforeJoiningAndNamesWhoIsOnlineInOneLineThenAck() {
        try (WireClient reader = server.connectAdmitted()) {
            assertThat(reader.request("list")).containsExactly("LIST 0");
            try (WireClient carol = server.connectAdmitted(); WireClient alice = server.connectAdmitted();
                 WireClient bob = server.connectAdmitted()) {
                carol.join("carol");
                alice.join("alice");
                bob.join("Bob");
                assertThat(reader.request("list")).containsExactly("LIST 3 alice Bob carol");
                bob.send("name robert");
                alice.awaitLineContaining("Bob is now known as robert");
                assertThat(reader.request("list")).containsExactly("LIST 3 alice carol robert");
                assertThat(reader.request("list all")).containsExactly("ERR list takes nothing or a room, e.g. list#dev");
                bob.send("quit");
                alice.awaitLineContaining("robert has left");
                assertThat(alice.request("list")).containsExactly("LIST 2 alice carol");
            }
            reader.assertExhausted();
        }
    }

    @Test
    void quitClosesTheConnectionWithoutAReplyAndTheOthersAreTold() {
        try (WireClient alice = server.connectAdmitted(); WireClient bob = server.connectAdmitted()) {
            alice.join("alice");
            bob.join("bob");
            bob.awaitLineContaining("bob has joined");
            bob.send("quit");
            assertThat(bob.awaitClosed()).isEmpty();
            assertThat(alice.awaitLineContaining("has left")).matches(STAMP + " bob has left our chat\\.\\.\\.");
        }
    }

    @Test
    void controlCharactersAndInvalidUtf8NeverReachOthersOrTheFile() {
        try (WireClient alice = server.connectAdmitted(); WireClient bob = server.connectAdmitted()) {
            alice.join("alice");
            bob.join("bob");
            bob.awaitLineContaining("bob has joined");
            byte[] nasty = {'t', 'e', 'x', 't', ' ', 'a', 0x1b, '[', '3', '1', 'm', 'b', 0x07, 'c', (byte) 0xC3,
                    'd', (byte) 0x9B, 'e', 0x7f, '\t', 'f', '\n'};
            alice.sendRaw(nasty);
            String seen = bob.nextLine();
            assertThat(seen).endsWith("[alice]:a\uFFFD[31mb\uFFFDc\uFFFDd\uFFFDe\uFFFD\tf");
            assertThat(seen.chars()).noneMatch(c -> c < 0x20 && c != '\t');
            assertThat(server.historyLines()).contains(seen);
        }
    }

    @Test
    void aLineOverTheLimitIsRefusedWithoutBeingBroadcast() {
        try (WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            alice.nextLine();
            String huge = "text " + "x".repeat(5000);
            assertThat(alice.request(huge)).containsExactly("ERR line too long (max 4096 bytes); it was discarded");
            alice.send("text " + "y".repeat(4091));
            assertThat(alice.nextLine()).endsWith("y".repeat(4091));
            assertThat(alice.nextReply()).isEmpty();
            assertThat(server.historyLines()).noneMatch(line -> line.contains("xxxx"));
        }
    }

    @Test
    void aTextIsInTheHistoryFileBeforeItsAckArrives() {
        try (WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            for (int i = 0; i < 20; i++) {
                alice.send("text durable " + i);
                alice.awaitLineContaining("durable " + i);
                assertThat(alice.nextReply()).isEmpty();
                String expected = "[alice]:durable " + i;
                assertThat(server.historyLines()).last().asString().endsWith(expected);
            }
        }
    }
}
