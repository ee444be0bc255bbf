package org.netcatchat.server;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.protocol.ServerStream;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Protocol version 2 against a real server over loopback: named rooms and private messages (issue 17). */
class RoomsTest {
    static final Pattern STAMP = Pattern.compile("^\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}]");
    /** A line of protocol version 1: a lobby message or notice, nothing a version-2 line looks like. */
    static final Pattern V1_LINE = Pattern.compile(STAMP + "(\\[[^\\]]+]:.*| .*)");
    /** Enough connections, no flood limit: the tests send faster than a person. */
    static final String[] ROOMY = {"--max-connections", "40", "--max-connections-per-ip", "0", "--rate-limit", "0",
            "--name-rate", "0", "--room-creations-per-minute", "0"};

    @TempDir
    Path dir;

    @Test
    void aJoinIsAckedThenReplaysTheRoomEndingWithItsOwnNoticeThenGoesLive() {
        try (TestServer server = TestServer.start(dir, ROOMY); WireClient alice = named(server, "alice");
             WireClient bob = named(server, "bob")) {
            alice.awaitLineContaining("bob has joined our chat");
            assertThat(alice.request("join#Dev")).as("the ACK, before any line of the room").isEmpty();
            assertThat(alice.nextLine()).matches(STAMP + "#dev alice has joined #dev\\.\\.\\.");
            alice.send("tell#dev deploy at five");
            assertThat(alice.nextLine()).as("the echo, in the room's order, then the ACK")
                    .matches(STAMP + "#dev\\[alice]:deploy at five");
            assertThat(alice.nextReply()).isEmpty();

            assertThat(bob.request("join#dev")).isEmpty();
            assertThat(bob.nextLine()).endsWith("]#dev alice has joined #dev...");
            assertThat(bob.nextLine()).endsWith("]#dev[alice]:deploy at five");
            assertThat(bob.nextLine()).endsWith("]#dev bob has joined #dev...");
            assertThat(alice.nextLine()).endsWith("]#dev bob has joined #dev...");

            assertThat(bob.request("join#dev")).containsExactly("ERR already in #dev");
            assertThat(bob.request("join#lobby")).containsExactly("ERR already in #lobby");
            alice.assertExhausted();
            bob.assertExhausted();
        }
    }

    @Test
    void aVersionOneClientSeesNothingOfRoomsOrPrivateMessagesAndTheLobbyFileHoldsOnlyLobbyLines() {
        try (TestServer server = TestServer.start(dir, ROOMY); WireClient carol = named(server, "carol");
             WireClient alice = named(server, "alice"); WireClient bob = named(server, "bob")) {
            carol.awaitLineContaining("bob has joined our chat");
            alice.request("join#dev");
            bob.request("join#dev");
            alice.send("tell#dev in the room");
            alice.send("tell bob just for you");
            alice.send("text to everyone");
            bob.awaitLineContaining("[alice]:to everyone");

            assertThat(carol.nextLine()).endsWith("[alice]:to everyone");
            assertThat(carol.request("list")).containsExactly("LIST 3 alice bob carol");
            carol.assertExhausted();
            assertThat(server.historyLines()).allMatch(line -> V1_LINE.matcher(line).matches())
                    .noneMatch(line -> line.contains("in the room") || line.contains("just for you"));
        }
    }

    @Test
    void aPrivateMessageReachesOnlyItsReceiverAndSenderAndIsInNoFileAfterTheServerStops() throws IOException {
        String secret = "the-secret-" + System.nanoTime();
        try (TestServer server = TestServer.start(dir, ROOMY); WireClient alice = named(server, "alice");
             WireClient bob = named(server, "bob"); WireClient carol = named(server, "carol")) {
            alice.request("join#dev");
            bob.request("join#dev");
            carol.request("join#dev");
            drain(alice, "carol has joined #dev");
            drain(bob, "carol has joined #dev");
            alice.send("tell BOB " + secret);
            String line = bob.nextLine();
            assertThat(line).matches(STAMP + "\\*\\[alice>bob]:" + secret);
            assertThat(alice.nextLine()).as("the sender's echo is the same line").isEqualTo(line);
            assertThat(alice.nextReply()).isEmpty();
            assertThat(alice.request("tell dave hello")).containsExactly("ERR nobody named dave is online");
            carol.send("text after");
            List<String> carolSaw = new ArrayList<>();
            while (carolSaw.isEmpty() || !carolSaw.getLast().contains("[carol]:after")) {
                if (carol.next() instanceof ServerStream.Line each) {
                    carolSaw.add(each.text());
                }
            }
            assertThat(carolSaw).as("a third member of the same room").noneMatch(each -> each.contains(secret));
            bob.awaitLineContaining("[carol]:after");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(secret);
            }
        }
    }

    @Test
    void onlyMembersGetARoomsLinesAndOnlyMembersMaySpeakOrReadItsHistory() {
        try (TestServer server = TestServer.start(dir, ROOMY); WireClient alice = named(server, "alice");
             WireClient bob = named(server, "bob")) {
            alice.request("join#dev");
            alice.nextLine();
            assertThat(bob.request("tell#dev hi")).containsExactly("ERR not in #dev: join it first with join#dev");
            assertThat(bob.request("hist#dev")).containsExactly("ERR not in #dev: join it first with join#dev");
            assertThat(bob.request("part#dev")).containsExactly("ERR not in #dev: join it first with join#dev");
            assertThat(bob.request("list#dev")).as("anyone may see who is in a room").containsExactly("LIST 1 alice");
            assertThat(bob.request("list#ops")).containsExactly("LIST 0");
            alice.send("tell#dev members only");
            assertThat(alice.nextLine()).endsWith("#dev[alice]:members only");
            assertThat(alice.nextReply()).isEmpty();
            assertThat(alice.request("hist#dev 1")).hasSize(1).allMatch(line -> line.endsWith("#dev[alice]:members only"));
            assertThat(bob.request("room")).containsExactly("ROOM #lobby 2", "ROOM #dev 1");
            bob.assertExhausted();
        }
    }

    @Test
    void partTellsTheMembersAndLeavingTheServerLeavesEveryRoomWithANoticeInEach() {
        try (TestServer server = TestServer.start(dir, ROOMY); WireClient alice = named(server, "alice");
             WireClient bob = named(server, "bob")) {
            for (String room : List.of("#dev", "#ops")) {
                alice.request("join" + room);
                bob.request("join" + room);
                alice.awaitLineContaining(room + " bob has joined " + room);
                bob.awaitLineContaining(room + " bob has joined " + room);
            }
            assertThat(bob.request("part#ops")).isEmpty();
            assertThat(alice.nextLine()).endsWith("]#ops bob has left #ops...");
            assertThat(bob.request("room")).containsExactly("ROOM #lobby 2", "ROOM #dev 2", "ROOM #ops 1");
            bob.send("quit");
            bob.awaitClosed();
            List<String> lines = List.of(alice.nextLine(), alice.nextLine());
            assertThat(lines).anyMatch(line -> line.endsWith("]#dev bob has left our chat..."))
                    .anyMatch(line -> line.endsWith("] bob has left our chat..."));
            assertThat(alice.request("room")).containsExactly("ROOM #lobby 1", "ROOM #dev 1", "ROOM #ops 1");
            alice.assertExhausted();
        }
    }

    @Test
    void aRenameIsAnnouncedInTheLobbyOnlyAndLaterRoomLinesCarryTheNewName() {
        try (TestServer server = TestServer.start(dir, ROOMY); WireClient alice = named(server, "alice")) {
            alice.request("join#dev");
            alice.nextLine();
            alice.send("name alicia");
            assertThat(alice.nextLine()).endsWith("] alice is now known as alicia...");
            assertThat(alice.nextReply()).isEmpty();
            alice.send("tell#dev renamed");
            assertThat(alice.nextLine()).endsWith("]#dev[alicia]:renamed");
            assertThat(alice.nextReply()).isEmpty();
            assertThat(alice.request("list#dev")).containsExactly("LIST 1 alicia");
            alice.assertExhausted();
        }
    }

    @Test
    void aRoomsHistoryOutlivesItsMembersAndARestartAndIsInAFileOfItsOwn() throws IOException {
        try (TestServer server = TestServer.start(dir, ROOMY); WireClient alice = named(server, "alice")) {
            alice.request("join#dev");
            alice.send("tell#dev before the restart");
            alice.awaitLineContaining("before the restart");
            assertThat(alice.nextReply()).as("the message's ACK").isEmpty();
            assertThat(alice.request("part#dev")).isEmpty();
        }
        assertThat(Files.readAllLines(dir.resolve("rooms/dev.txt"))).hasSize(3)
                .allMatch(line -> line.matches(STAMP + "#dev.*"));
        try (TestServer server = TestServer.start(dir, ROOMY); WireClient bob = named(server, "bob")) {
            assertThat(bob.request("join#dev")).isEmpty();
            assertThat(bob.nextLine()).endsWith("#dev alice has joined #dev...");
            assertThat(bob.nextLine()).endsWith("#dev[alice]:before the restart");
            assertThat(bob.nextLine()).endsWith("#dev alice has left #dev...");
            assertThat(bob.nextLine()).endsWith("#dev bob has joined #dev...");
            assertThat(bob.request("hist#dev")).hasSize(4);
            bob.assertExhausted();
        }
    }

    @Test
    void eachLimitIsOneErrLineAndRefusesNothingElse() {
        try (TestServer server = TestServer.start(dir, "--max-rooms-per-member", "2", "--max-rooms", "3",
                "--room-creations-per-minute", "3", "--name-rate", "0");
             WireClient alice = named(server, "alice"); WireClient bob = named(server, "bob")) {
            alice.awaitLineContaining("bob has joined our chat");
            enter(alice, "alice", "#a");
            enter(alice, "alice", "#b");
            assertThat(alice.request("join#c"))
                    .containsExactly("ERR too many rooms: you are in 2, the most one member may be in; part one first");
            enter(bob, "bob", "#c");
            assertThat(bob.request("join#d")).containsExactly("ERR too many rooms: the server has 3 open, the most it keeps");
            assertThat(bob.request("join#a")).as("an open room may be joined").isEmpty();
            bob.awaitLineContaining("#a bob has joined #a");
            assertThat(bob.request("part#a")).isEmpty();
            assertThat(bob.request("part#c")).isEmpty();
            assertThat(bob.request("join#e"))
                    .as("the address has opened three rooms this minute: #a, #b, #c")
                    .containsExactly("ERR rate limited: too many new rooms from your address, try again in a minute");
            assertThat(bob.request("join#b")).as("joining an open room opens none").isEmpty();
        }
    }

    @RepeatedTest(3)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentSendersGiveEveryMemberOfARoomTheSameOrderTheOneInItsFile() throws Exception {
        int senders = 4;
        int each = 150;
        List<WireClient> members = new ArrayList<>();
        List<List<String>> seen = new ArrayList<>();
        try (TestServer server = TestServer.start(dir, ROOMY)) {
            for (int i = 0; i < senders; i++) {
                WireClient member = named(server, "m" + i);
                member.request("join#dev");
                members.add(member);
            }
            for (WireClient member : members) {
                member.awaitLineContaining("#dev m" + (senders - 1) + " has joined");
            }
            try (var scope = StructuredTaskScope.open(StructuredTaskScope.Joiner.<Object>awaitAllSuccessfulOrThrow())) {
                for (int i = 0; i < senders; i++) {
                    WireClient member = members.get(i);
                    int sender = i;
                    scope.fork(() -> {
                        for (int n = 0; n < each; n++) {
                            member.send("tell#dev " + sender + "/" + n);
                        }
                        return null;
                    });
                }
                scope.join();
            }
            for (WireClient member : members) {
                List<String> lines = new ArrayList<>();
                while (lines.size() < senders * each) {
                    if (member.next() instanceof ServerStream.Line line && line.text().contains("]#dev[")) {
                        lines.add(line.text());
                    }
                }
                seen.add(lines);
            }
            members.forEach(WireClient::close);
        }
        List<String> file = Files.readAllLines(dir.resolve("rooms/dev.txt")).stream()
                .filter(line -> line.contains("]#dev[")).toList();
        assertThat(file).hasSize(senders * each);
        for (List<String> lines : seen) {
            assertThat(lines).as("one order for every member, the file's").isEqualTo(file);
        }
    }

    @RepeatedTest(5)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aJoinRacingAFloodInARoomSeesEachLineExactlyOnce() throws Exception {
        int flood = 600;
        try (TestServer server = TestServer.start(dir, concat(ROOMY, "--replay-lines", "40"));
             WireClient flooder = named(server, "flooder"); WireClient joiner = named(server, "joiner")) {
            flooder.request("join#dev");
            floodDevMeanwhile(flooder, flood, flood / 3, () -> joiner.send("join#dev"));
            assertThat(joiner.nextReply()).as("the ACK comes before any replayed line").isEmpty();
            List<Integer> seen = new ArrayList<>();
            while (seen.isEmpty() || seen.getLast() < flood - 1) {
                if (joiner.next() instanceof ServerStream.Line line && line.text().contains("#dev[flooder]:")) {
                    seen.add(Integer.parseInt(line.text().substring(line.text().indexOf("]:") + 2)));
                }
            }
            int first = seen.getFirst();
            assertThat(first).as("the join happened during the flood").isGreaterThan(0);
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i)).as("line %d after the first one seen", i).isEqualTo(first + i);
            }
        }
    }

    @RepeatedTest(5)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPartRacingAFloodGetsExactlyTheLinesBetweenItsJoinAndItsPartInTheRoomsFile() throws Exception {
        int flood = 400;
        List<String> got = new ArrayList<>();
        try (TestServer server = TestServer.start(dir, concat(ROOMY, "--replay-lines", "0"));
             WireClient flooder = server.connectAdmitted().join("flooder");
             WireClient parter = server.connectAdmitted().join("parter")) { // no replay: no notice of their own
            flooder.awaitLineContaining("parter has joined our chat");
            flooder.request("join#dev");
            assertThat(parter.request("join#dev")).isEmpty();
            floodDevMeanwhile(flooder, flood, flood / 2, () -> parter.send("part#dev"));
            while (true) { // up to the part's ACK: nothing of #dev comes after it
                Object event = parter.next();
                if (event instanceof ServerStream.EndOfReply) {
                    break;
                }
                got.add(((ServerStream.Line) event).text());
            }
            flooder.awaitLineContaining("]:" + (flood - 1));
            parter.send("text after");
            parter.awaitLineContaining("[parter]:after");
        }
        List<String> file = Files.readAllLines(dir.resolve("rooms/dev.txt"));
        int joined = indexOfSuffix(file, "#dev parter has joined #dev...");
        int parted = indexOfSuffix(file, "#dev parter has left #dev...");
        assertThat(got).as("every line of the room between the parter's notices, and nothing else")
                .isEqualTo(file.subList(joined + 1, parted));
    }

    /**
     * The flooder sends {@code tell#dev 0} to {@code tell#dev flood-1} without waiting, and once it has seen its own
     * line {@code at} come back, {@code meanwhile} runs: the race of the tests above.
     */
    private static void floodDevMeanwhile(WireClient flooder, int flood, int at, Runnable meanwhile) throws Exception {
        try (var scope = StructuredTaskScope.open(StructuredTaskScope.Joiner.<Object>awaitAllSuccessfulOrThrow())) {
            scope.fork(() -> {
                for (int i = 0; i < flood; i++) {
                    flooder.send("tell#dev " + i);
                }
                return null;
            });
            scope.fork(() -> {
                flooder.awaitLineContaining("]:" + at);
                meanwhile.run();
                return null;
            });
            scope.join();
        }
    }

    private static int indexOfSuffix(List<String> lines, String suffix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(suffix)) {
                return i;
            }
        }
        throw new AssertionError("no line ends with " + suffix + " in " + lines.size() + " lines");
    }

    private static WireClient named(TestServer server, String name) {
        WireClient client = server.connectAdmitted();
        client.join(name);
        client.awaitLineContaining(name + " has joined our chat");
        return client;
    }

    /** Joins {@code room} and takes its replay, up to and including its own join notice. */
    private static void enter(WireClient client, String name, String room) {
        assertThat(client.request("join" + room)).isEmpty();
        client.awaitLineContaining(room + " " + name + " has joined " + room);
    }

    /** Takes lines up to and including the one containing {@code text}. */
    private static void drain(WireClient client, String text) {
        client.awaitLineContaining(text);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
