package org.netcatchat.server.chat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netcatchat.server.metrics.ServerEvents;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netcatchat.server.chat.ChatFixture.TS;

/**
 * Named rooms without sockets, over either kind of log (the room's file, or a log that hands back later on a
 * thread of its own): a room's lines reach exactly its members, in its log's order; a member a room's line
 * overflows is dropped there, announced once in each room it was in, and the others lose nothing.
 */
class RoomTest {
    private static final long SLOW_QUEUE = 4096;

    @TempDir
    Path dir;
    private ChatFixture chat;

    @AfterEach
    void closeChat() throws IOException {
        chat.close();
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void aRoomsLinesReachEveryMemberInTheLogsOrderAndNobodyElse(ChatFixture.Mode mode) throws IOException {
        chat = ChatFixture.withRooms(mode, dir, ServerEvents.NONE, 10, RoomLimits.DEFAULT);
        Member alice = ChatFixture.member(1, 1 << 20);
        Member bob = ChatFixture.member(2, 1 << 20);
        Member carol = ChatFixture.member(3, 1 << 20);
        Member outsider = ChatFixture.member(4, 1 << 20);
        for (Member each : List.of(alice, bob, carol, outsider)) {
            chat.join(each, "m" + each.id());
        }
        for (Member each : List.of(alice, bob, carol)) {
            assertThat(chat.joinRoom(each, "dev")).isInstanceOf(Answer.QueuedAtJoin.class);
        }
        List.of(alice, bob, carol, outsider).forEach(chat::drain);

        for (int i = 0; i < 20; i++) {
            chat.sayIn(List.of(alice, bob, carol).get(i % 3), "dev", "line " + i);
        }
        List<String> file = chat.roomLines(dir, "dev").subList(3, 23);
        for (Member each : List.of(alice, bob, carol)) {
            assertThat(chat.drain(each).stream().filter(line -> !line.equals("\0")).toList())
                    .as("member %d", each.id()).containsExactlyElementsOf(file);
        }
        assertThat(file).first().isEqualTo(TS + "#dev[m1]:line 0\n");
        assertThat(chat.drain(outsider)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void aMemberARoomsLineOverflowsIsDroppedAndAnnouncedOnceInEachOfItsRooms(ChatFixture.Mode mode) throws IOException {
        chat = ChatFixture.withRooms(mode, dir, ServerEvents.NONE, 0, RoomLimits.DEFAULT);
        Member speaker = ChatFixture.member(1, 1 << 20);
        Member slow = ChatFixture.member(2, SLOW_QUEUE);
        Member other = ChatFixture.member(3, 1 << 20);
        chat.join(speaker, "c");
        chat.join(slow, "s");
        chat.join(other, "o");
        for (Member each : List.of(speaker, slow, other)) {
            chat.joinRoom(each, "dev");
            chat.joinRoom(each, "ops");
        }
        List.of(speaker, slow, other).forEach(chat::drain);

        String big = "f".repeat((int) SLOW_QUEUE / 2);
        chat.sayIn(speaker, "dev", big);
        chat.sayIn(speaker, "dev", big); // the slow member never drains: this one overflows it

        assertThat(slow.outbox().isOverflowed()).isTrue();
        assertThat(chat.roomLines(dir, "dev")).filteredOn(line -> line.contains("s was disconnected")).hasSize(1);
        chat.leave(slow); // its connection ends, as the overflow makes it
        assertThat(chat.roomLines(dir, "dev")).as("no second notice where it was dropped")
                .filteredOn(line -> line.contains("#dev s ")).hasSize(2); // joined, dropped
        assertThat(chat.roomLines(dir, "ops")).last().isEqualTo(TS + "#ops s was disconnected: too slow to keep up...\n");
        assertThat(chat.logLines()).last().isEqualTo(TS + " s was disconnected: too slow to keep up...\n");
        List<String> seen = chat.drain(other);
        assertThat(seen).filteredOn(line -> line.contains("[c]:f")).hasSize(2);
        assertThat(seen).contains(TS + "#dev s was disconnected: too slow to keep up...\n",
                TS + "#ops s was disconnected: too slow to keep up...\n");
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void aMemberDroppedFromARoomThatClosesBeforeItLeavesLeavesItsOtherRoomsCleanly(ChatFixture.Mode mode)
            throws IOException {
        chat = ChatFixture.withRooms(mode, dir, ServerEvents.NONE, 0, RoomLimits.DEFAULT);
        Member speaker = ChatFixture.member(1, 1 << 20);
        Member slow = ChatFixture.member(2, SLOW_QUEUE);
        chat.join(speaker, "c");
        chat.join(slow, "s");
        chat.joinRoom(speaker, "dev");
        chat.joinRoom(slow, "dev");
        chat.joinRoom(slow, "ops");
        chat.drain(speaker);
        chat.drain(slow);
        String big = "f".repeat((int) SLOW_QUEUE / 2);
        chat.sayIn(speaker, "dev", big);
        chat.sayIn(speaker, "dev", big);
        assertThat(slow.outbox().isOverflowed()).isTrue();

        Answer parted = chat.chat().conversations().part(speaker, new org.netcatchat.protocol.RoomName("dev"));
        assertThat(chat.settled(speaker, parted)).isEqualTo(Answer.ACK); // #dev is empty now, and closes
        chat.leave(slow);
        assertThat(chat.roomLines(dir, "ops")).last().isEqualTo(TS + "#ops s was disconnected: too slow to keep up...\n");
        assertThat(chat.roomLines(dir, "dev")).filteredOn(line -> line.contains("s was disconnected")).hasSize(1);
        assertThat(chat.drain(speaker)).as("the two messages' ACKs and the part's")
                .filteredOn(line -> line.equals("\0")).hasSize(3);
    }

    /**
     * Over a log that hands back later, a part's member is taken out when its notice comes back, and the room is
     * closed after that: with one room allowed, the next room can be opened once the last one was parted.
     */
    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void aRoomItsLastMemberPartedClosesSoAnotherCanOpenUnderTheLimit(ChatFixture.Mode mode) throws IOException {
        chat = ChatFixture.withRooms(mode, dir, ServerEvents.NONE, 0, new RoomLimits(20, 1, 0));
        Member alice = ChatFixture.member(1, 1 << 20);
        chat.join(alice, "alice");
        assertThat(chat.joinRoom(alice, "dev")).isInstanceOf(Answer.QueuedAtJoin.class);
        assertThat(chat.joinRoom(alice, "ops")).isEqualTo(Answer.error(new org.netcatchat.protocol.Reply.Error(
                org.netcatchat.protocol.Problem.ROOM_LIMIT, "too many rooms: the server has 1 open, the most it keeps")));
        chat.settled(alice, chat.chat().conversations().part(alice, new org.netcatchat.protocol.RoomName("dev")));

        assertThat(chat.joinRoom(alice, "ops")).isInstanceOf(Answer.QueuedAtJoin.class);
        assertThat(lines(chat.chat().conversations().rooms())).containsExactly("ROOM #lobby 1", "ROOM #ops 1");
    }

    /**
     * A member who joins a room again before its part's notice has come back from the log stays in it: the
     * notice takes out the seat that was leaving, not the new one, and the new one is attached at its own notice.
     * Only a log that hands back later can be behind: the room's stream-shaped log is held meanwhile.
     */
    @Test
    void aMemberWhoJoinsAgainBeforeItsPartComesBackIsInTheRoom() throws Exception {
        chat = ChatFixture.withRooms(ChatFixture.Mode.STREAM, dir, ServerEvents.NONE, 0, RoomLimits.DEFAULT);
        Member alice = ChatFixture.member(1, 1 << 20);
        Member bob = ChatFixture.member(2, 1 << 20);
        chat.join(alice, "alice");
        chat.join(bob, "bob");
        chat.joinRoom(alice, "dev");
        chat.joinRoom(bob, "dev");
        chat.drain(alice);
        chat.drain(bob);
        MemoryLog room = (MemoryLog) chat.roomLog("dev");
        org.netcatchat.protocol.RoomName dev = new org.netcatchat.protocol.RoomName("dev");

        room.hold(true);
        int before = room.appended();
        chat.chat().replies().queue(alice, chat.chat().conversations().part(alice, dev));
        java.util.concurrent.CompletableFuture<Answer> rejoined = joiningMeanwhile(alice, dev);
        org.awaitility.Awaitility.await().until(() -> room.appended() == before + 2); // the part's, the join's
        room.hold(false);
        assertThat(rejoined.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(Answer.QueuedAtJoin.class);
        chat.settle();
        assertThat(chat.drain(alice)).as("the part's ACK and the join's").containsExactly("\0", "\0");

        chat.sayIn(bob, "dev", "still here?");
        assertThat(chat.drain(alice)).containsExactly(TS + "#dev[bob]:still here?\n");
        assertThat(lines(chat.chat().conversations().list(new org.netcatchat.protocol.Command.RoomList(dev))))
                .containsExactly("LIST 2 alice bob");
    }

    /** Redis ran the room join's XADD and did not answer: once its notice comes back, the member is in the room. */
    @Test
    void aRoomJoinWhoseAppendWasNotConfirmedHasJoinedWhenItsNoticeComesBack() throws Exception {
        chat = ChatFixture.withRooms(ChatFixture.Mode.STREAM, dir, ServerEvents.NONE, 0, RoomLimits.DEFAULT);
        Member alice = ChatFixture.member(1, 1 << 20);
        Member bob = ChatFixture.member(2, 1 << 20);
        chat.join(alice, "alice");
        chat.join(bob, "bob");
        chat.joinRoom(bob, "dev");
        chat.drain(alice);
        chat.drain(bob);
        MemoryLog room = (MemoryLog) chat.roomLog("dev");
        org.netcatchat.protocol.RoomName dev = new org.netcatchat.protocol.RoomName("dev");
        room.hold(true);
        room.unconfirmAppends(true);
        int before = room.appended();
        java.util.concurrent.CompletableFuture<Answer> joined = joiningMeanwhile(alice, dev);
        org.awaitility.Awaitility.await().until(() -> room.appended() == before + 1);
        room.unconfirmAppends(false);
        room.hold(false);

        assertThat(joined.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(Answer.QueuedAtJoin.class);
        chat.settle();
        assertThat(chat.drain(bob)).containsExactly(TS + "#dev alice has joined #dev...\n");
        chat.sayIn(bob, "dev", "welcome");
        assertThat(chat.drain(alice)).as("its join's ACK, then the room's line").hasSize(2)
                .last().isEqualTo(TS + "#dev[bob]:welcome\n");
    }

    /** {@code join#room} on a thread of its own: it answers only once its notice is back from a held log. */
    private java.util.concurrent.CompletableFuture<Answer> joiningMeanwhile(Member member,
                                                                           org.netcatchat.protocol.RoomName room) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> chat.chat().conversations().join(member, room,
                () -> true), java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    }

    /** The lines of a body-and-ACK answer's body. */
    private static List<String> lines(Answer answer) {
        assertThat(answer).isInstanceOf(Answer.WithBody.class);
        org.netcatchat.server.outbox.Outgoing body = ((Answer.WithBody) answer).body();
        String text = new String(((org.netcatchat.server.outbox.Outgoing.Line) body).bytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        return List.of(text.split("\n"));
    }
}
