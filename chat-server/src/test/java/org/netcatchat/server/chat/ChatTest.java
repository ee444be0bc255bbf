package org.netcatchat.server.chat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.Reply;
import org.netcatchat.server.metrics.ServerEvents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netcatchat.server.chat.ChatFixture.TS;

/**
 * What the one chat logic promises, over both logs: the history file of a single server, and a log that hands its
 * entries back later on a thread of its own, as a cluster's stream does. A defect in the shared logic (a broadcast
 * that skips a member, a replay that misses the joiner's own notice) fails here in both modes.
 */
class ChatTest {
    private static final String ACK = "\0";

    @TempDir
    Path dir;
    private ChatFixture chat;

    @AfterEach
    void closeChat() throws IOException {
        if (chat != null) {
            chat.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void aJoinerGetsItsAckThenTheReplayEndingWithItsOwnJoinNotice(ChatFixture.Mode mode) throws IOException {
        chat = ChatFixture.open(mode, dir, ServerEvents.NONE, 3);
        Member alice = ChatFixture.member(1, 1 << 20);
        chat.join(alice, "alice");
        chat.say(alice, "one");
        chat.say(alice, "two");
        Member bob = ChatFixture.member(2, 1 << 20);

        assertThat(chat.join(bob, "bob")).isInstanceOf(Answer.QueuedAtJoin.class);

        assertThat(chat.drain(bob)).containsExactly(ACK, TS + "[alice]:one\n", TS + "[alice]:two\n",
                TS + " bob has joined our chat...\n");
        assertThat(withoutAcks(chat.drain(alice))).containsExactly(TS + " alice has joined our chat...\n",
                TS + "[alice]:one\n", TS + "[alice]:two\n", TS + " bob has joined our chat...\n");
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void everyLineReachesEveryMemberTheSenderIncludedInTheLogsOrder(ChatFixture.Mode mode) throws IOException {
        chat = ChatFixture.open(mode, dir, ServerEvents.NONE, 0);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Member member = ChatFixture.member(i, 1 << 20);
            chat.join(member, "m" + i);
            members.add(member);
        }
        members.forEach(chat::drain);

        for (Member each : members) {
            assertThat(chat.say(each, "from " + chat.chat().nameOf(each).orElseThrow())).isEqualTo(Answer.ACK);
        }

        List<String> logged = chat.logTail(5);
        for (Member each : members) {
            List<String> seen = chat.drain(each);
            assertThat(withoutAcks(seen)).as("member %d", each.id()).containsExactlyElementsOf(logged);
            assertThat(seen).filteredOn(ACK::equals).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void aRenameIsAnnouncedToEveryoneAndFreesTheOldName(ChatFixture.Mode mode) throws IOException {
        chat = ChatFixture.open(mode, dir, ServerEvents.NONE, 0);
        Member alice = ChatFixture.member(1, 1 << 20);
        Member bob = ChatFixture.member(2, 1 << 20);
        chat.join(alice, "alice");
        chat.join(bob, "bob");
        chat.drain(alice);
        chat.drain(bob);

        assertThat(chat.join(alice, "Alicia")).isEqualTo(Answer.ACK);

        String notice = TS + " alice is now known as Alicia...\n";
        assertThat(withoutAcks(chat.drain(alice))).containsExactly(notice);
        assertThat(chat.drain(bob)).containsExactly(notice);
        assertThat(chat.chat().nameOf(alice)).contains(new ChatName("Alicia"));
        Member carol = ChatFixture.member(3, 1 << 20);
        assertThat(chat.join(carol, "ALICE")).isInstanceOf(Answer.QueuedAtJoin.class);
        assertThat(chat.join(ChatFixture.member(4, 1 << 20), "alicia").succeeded()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void aTextBeforeJoiningIsRefusedAndNothingIsAppended(ChatFixture.Mode mode) throws IOException {
        chat = ChatFixture.open(mode, dir, ServerEvents.NONE, 0);
        Member stranger = ChatFixture.member(1, 1 << 20);

        Answer answer = chat.say(stranger, "hello");

        assertThat(answer).isEqualTo(Answer.error(new Reply.Error(Problem.NOT_JOINED,
                "join first: send name followed by your name, e.g. name alice")));
        assertThat(chat.logLines()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void whenTheLogRefusesAppendsJoinsAndTextsAreRefusedAndTheNameStaysFree(ChatFixture.Mode mode) throws IOException {
        chat = ChatFixture.open(mode, dir, ServerEvents.NONE, 0);
        Member alice = ChatFixture.member(1, 1 << 20);
        chat.join(alice, "alice");
        chat.drain(alice);
        chat.failAppends();

        Answer text = chat.say(alice, "lost?");
        Member bob = ChatFixture.member(2, 1 << 20);
        Answer join = chat.join(bob, "bob");

        assertThat(text).isEqualTo(Answer.error(new Reply.Error(Problem.HISTORY_UNAVAILABLE,
                "history unavailable: the message was not sent, try again later")));
        assertThat(join).isEqualTo(Answer.error(new Reply.Error(Problem.HISTORY_UNAVAILABLE,
                "history unavailable: you have not joined, try again later")));
        assertThat(chat.chat().nameOf(bob)).isEmpty();
        assertThat(chat.drain(alice)).as("nothing was sent").containsExactly(
                "ERR history unavailable: the message was not sent, try again later\n\0");
        assertThat(chat.chat().names().roster().names()).containsExactly("alice");
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void leavingDuringAStopIsAppendedOnlyToALogOthersReadOn(ChatFixture.Mode mode) throws IOException {
        chat = ChatFixture.open(mode, dir, ServerEvents.NONE, 0);
        Member alice = ChatFixture.member(1, 1 << 20);
        chat.join(alice, "alice");

        byte[] notice = chat.chat().close();
        chat.leave(alice);

        assertThat(new String(notice, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(TS + " server is shutting down\n");
        List<String> expected = new ArrayList<>(List.of(TS + " alice has joined our chat...\n"));
        if (chat.log().outlivesThisServer()) {
            expected.add(TS + " alice has left our chat...\n");
        }
        assertThat(chat.logLines()).containsExactlyElementsOf(expected);
        assertThat(chat.join(ChatFixture.member(2, 1 << 20), "bob")).isEqualTo(Answer.error(
                new Reply.Error(Problem.SHUTTING_DOWN, "server is shutting down")));
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void aQuittingMemberIsOwedItsOwnLastLineBeforeItsConnectionCloses(ChatFixture.Mode mode) throws IOException {
        chat = ChatFixture.open(mode, dir, ServerEvents.NONE, 0);
        Member alice = ChatFixture.member(1, 1 << 20);
        chat.join(alice, "alice");
        chat.drain(alice);

        chat.chat().say(alice, new Command.Text("bye")); // not settled: a stream may hand it back later
        chat.chat().awaitOwnLines(alice);

        assertThat(chat.drain(alice)).containsExactly(TS + "[alice]:bye\n");
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void membersTakenForGoneElsewhereAreClosedWithoutASecondLeaveNotice(ChatFixture.Mode mode) throws IOException {
        chat = ChatFixture.open(mode, dir, ServerEvents.NONE, 0);
        Member alice = ChatFixture.member(1, 1 << 20);
        Member bob = ChatFixture.member(2, 1 << 20);
        chat.join(alice, "alice");
        chat.join(bob, "bob");
        int lines = chat.logLines().size();

        chat.chat().goneElsewhere(Set.of(alice.id()));
        chat.settle();

        assertThat(chat.chat().nameOf(alice)).isEmpty();
        assertThat(chat.drain(alice)).last().asString().contains("Reconnect to chat again.");
        assertThat(alice.outbox().offer(new byte[] {'x'})).isEqualTo(org.netcatchat.server.outbox.Outbox.Offer.CLOSED);
        assertThat(chat.logLines()).hasSize(lines);
        assertThat(chat.join(ChatFixture.member(3, 1 << 20), "alice")).isInstanceOf(Answer.QueuedAtJoin.class);
    }

    /**
     * Two members sending at once while the clock moves a second at every reading: a line is stamped as the log
     * takes it, so the times in the log never go back (read before the append, two racing lines could land a
     * second out of order).
     */
    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void theTimesInTheLogNeverGoBackWhileTwoMembersSendAtOnce(ChatFixture.Mode mode) throws Exception {
        chat = ChatFixture.open(mode, dir, org.netcatchat.server.history.FsyncPolicy.NEVER, new TickingClock(),
                ServerEvents.NONE, 0);
        Member one = ChatFixture.member(1, 1 << 24);
        Member two = ChatFixture.member(2, 1 << 24);
        chat.join(one, "one");
        chat.join(two, "two");

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> sendMany(one));
        sendMany(two);
        first.get(30, TimeUnit.SECONDS);
        chat.settle();

        List<String> stamps = chat.logLines().stream().map(line -> line.substring(0, TS.length())).toList();
        assertThat(stamps).hasSize(2 + 2 * 200).isSorted();
    }

    private void sendMany(Member member) {
        for (int i = 0; i < 200; i++) {
            chat.chat().replies().queue(member, chat.chat().say(member, new Command.Text("n" + i)));
        }
    }

    /** A second later at every reading, from 2026-11-30 12:00:00 UTC. Thread-safe. */
    private static final class TickingClock extends java.time.Clock {
        private final java.util.concurrent.atomic.AtomicLong seconds =
                new java.util.concurrent.atomic.AtomicLong(java.time.Instant.parse("2026-11-30T12:00:00Z").getEpochSecond());

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochSecond(seconds.getAndIncrement());
        }
    }

    /**
     * A join racing a flood: whatever the interleaving, the joiner's replay (long enough to hold everything) and
     * its live lines after it are the log, each line once, in the log's order.
     */
    @RepeatedTest(20)
    void aJoinRacingAFloodSeesEveryLineOnceInTheLogsOrder() throws Exception {
        for (ChatFixture.Mode mode : ChatFixture.Mode.values()) {
            try (ChatFixture racing = ChatFixture.open(mode, Files.createTempDirectory(dir, mode.name()),
                    ServerEvents.NONE, 10_000)) {
                raceOnce(racing);
            }
        }
    }

    private static void raceOnce(ChatFixture chat) throws Exception {
        Member speaker = ChatFixture.member(1, 1 << 24);
        chat.join(speaker, "speaker");
        CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 300; i++) {
                chat.chat().replies().queue(speaker, chat.chat().say(speaker, new Command.Text("line " + i)));
            }
        });
        Member joiner = ChatFixture.member(2, 1 << 24);
        Thread.onSpinWait();
        chat.join(joiner, "joiner");
        flood.get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
        chat.say(speaker, "last");

        List<String> seen = chat.drain(joiner);
        assertThat(seen.getFirst()).isEqualTo(ACK);
        assertThat(seen.subList(1, seen.size())).as(chat.mode().name()).containsExactlyElementsOf(chat.logLines());
    }

    @org.junit.jupiter.api.Test
    void aJoinWhoseAppendWasNotConfirmedHasJoinedWhenItsNoticeComesBack() throws Exception {
        Member bob = bobJoinedThenRedisStalls();
        MemoryLog log = chat.memoryLog();
        Member alice = ChatFixture.member(1, 1 << 20);
        CompletableFuture<Answer> joined = CompletableFuture.supplyAsync(() -> chat.chat().name(alice, new ChatName("alice")),
                java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        org.awaitility.Awaitility.await().until(() -> log.appended() == 2);
        log.unconfirmAppends(false);
        log.hold(false); // Redis woke and ran it: the notice comes back

        Answer answer = joined.get(10, TimeUnit.SECONDS);
        chat.settled(alice, answer);
        assertThat(answer).isInstanceOf(Answer.QueuedAtJoin.class);
        assertThat(chat.drain(alice)).containsExactly(ACK);
        assertThat(chat.drain(bob)).containsExactly(TS + " alice has joined our chat...\n");
        assertThat(chat.chat().nameOf(alice)).contains(new ChatName("alice"));
    }

    /** Its notice does not come back within the attach wait (10 s): Redis is still stalled. */
    @org.junit.jupiter.api.Test
    void aJoinGivenUpUnconfirmedIsFollowedByItsLeaveNoticeWhenItsNoticeComesBackAfterAll() throws Exception {
        Member bob = bobJoinedThenRedisStalls();
        MemoryLog log = chat.memoryLog();
        Member alice = ChatFixture.member(1, 1 << 20);

        Answer answer = chat.chat().name(alice, new ChatName("alice"));

        assertThat(answer).isEqualTo(Answer.error(new Reply.Error(Problem.HISTORY_UNAVAILABLE,
                "history unavailable: you have not joined, try again later")));
        assertThat(chat.chat().nameOf(alice)).isEmpty();
        log.unconfirmAppends(false);
        log.hold(false); // Redis ran it after all
        chat.settle();
        assertThat(chat.drain(bob)).containsExactly(TS + " alice has joined our chat...\n",
                TS + " alice has left our chat...\n");
        assertThat(chat.drain(alice)).isEmpty();
        Member carol = ChatFixture.member(3, 1 << 20);
        assertThat(chat.join(carol, "alice")).as("the name is free").isInstanceOf(Answer.QueuedAtJoin.class);
    }

    @org.junit.jupiter.api.Test
    void aRenameWhoseNoticeWasNotConfirmedStands() throws IOException {
        chat = ChatFixture.open(ChatFixture.Mode.STREAM, dir, ServerEvents.NONE, 0);
        Member alice = ChatFixture.member(1, 1 << 20);
        Member bob = ChatFixture.member(2, 1 << 20);
        chat.join(alice, "alice");
        chat.join(bob, "bob");
        chat.drain(alice);
        chat.drain(bob);
        chat.memoryLog().unconfirmAppends(true);

        assertThat(chat.join(alice, "alicia")).isEqualTo(Answer.ACK);

        assertThat(chat.chat().nameOf(alice)).contains(new ChatName("alicia"));
        assertThat(chat.drain(bob)).containsExactly(TS + " alice is now known as alicia...\n");
        chat.memoryLog().unconfirmAppends(false);
        assertThat(chat.join(ChatFixture.member(3, 1 << 20), "alice")).as("let go with the notice")
                .isInstanceOf(Answer.QueuedAtJoin.class);
    }

    /**
     * A chat over the stream-shaped log with bob joined; then, as during a Redis stall, what is appended is stored
     * but neither confirmed nor handed back until the test says so.
     */
    private Member bobJoinedThenRedisStalls() throws IOException {
        chat = ChatFixture.open(ChatFixture.Mode.STREAM, dir, ServerEvents.NONE, 0);
        Member bob = ChatFixture.member(2, 1 << 20);
        chat.join(bob, "bob");
        chat.drain(bob);
        chat.memoryLog().hold(true);
        chat.memoryLog().unconfirmAppends(true);
        return bob;
    }

    private static List<String> withoutAcks(List<String> seen) {
        return seen.stream().filter(line -> !line.equals(ACK)).toList();
    }
}
