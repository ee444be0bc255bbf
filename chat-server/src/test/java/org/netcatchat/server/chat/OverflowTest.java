package org.netcatchat.server.chat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netcatchat.server.metrics.ServerEvents;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netcatchat.server.chat.ChatFixture.TS;

/**
 * The chat without sockets, over either log: real outboxes that nobody drains. One line that overflows two
 * members at once, whatever line it is (a message, a join notice, a leave notice), must drop both and tell
 * everyone else, and the one who caused it is answered as usual.
 */
class OverflowTest {
    private static final long SLOW_QUEUE = 4096;
    /** Room left in a slow member's queue: less than any pushed line. */
    private static final int ROOM_LEFT = 10;

    @TempDir
    Path dir;
    private ChatFixture chat;
    private Member speaker;
    private Member a;
    private Member b;

    private void threeMembers(ChatFixture.Mode mode) throws IOException {
        chat = ChatFixture.open(mode, dir, ServerEvents.NONE, 0);
        speaker = ChatFixture.member(1, 1 << 20);
        a = ChatFixture.member(2, SLOW_QUEUE);
        b = ChatFixture.member(3, SLOW_QUEUE);
        chat.join(speaker, "c");
        chat.join(a, "a");
        chat.join(b, "b");
    }

    /** Empties the slow members' queues, then fills both to {@link #ROOM_LEFT} bytes below their limit. */
    private void fillSlowQueues() {
        chat.drain(a);
        chat.drain(b);
        // "[ts][c]:" + message + LF
        chat.say(speaker, "f".repeat((int) SLOW_QUEUE - ROOM_LEFT - TS.length() - "[c]:".length() - 1));
        chat.drain(speaker);
    }

    @AfterEach
    void closeChat() throws IOException {
        chat.close();
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void aMessageThatOverflowsTwoMembersDropsBothAndIsAcknowledged(ChatFixture.Mode mode) throws IOException {
        threeMembers(mode);
        fillSlowQueues();

        assertThat(chat.say(speaker, "hello")).isEqualTo(Answer.ACK);

        List<String> seen = chat.drain(speaker);
        assertThat(seen).containsOnlyOnce("\0");
        if (mode == ChatFixture.Mode.FILE) {
            assertThat(seen.getLast()).as("on one server the echo and the drops come before the ACK").isEqualTo("\0");
        }
        List<String> lines = withoutAck(seen);
        assertThat(lines).first().isEqualTo(TS + "[c]:hello\n");
        assertThat(lines.subList(1, 3)).containsExactlyInAnyOrder(dropped("a"), dropped("b"));
        assertThat(lines).hasSize(3);
        assertThat(a.outbox().isOverflowed()).isTrue();
        assertThat(b.outbox().isOverflowed()).isTrue();
        assertThat(chat.logTail(3)).containsExactlyElementsOf(lines);
        assertThat(chat.chat().nameOf(a)).isEmpty();
        assertThat(chat.chat().nameOf(b)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void aJoinNoticeThatOverflowsTwoMembersDropsBothAndTheJoinerIsAcknowledged(ChatFixture.Mode mode)
            throws IOException {
        threeMembers(mode);
        fillSlowQueues();
        Member joiner = ChatFixture.member(4, 1 << 20);

        assertThat(chat.join(joiner, "eve")).isInstanceOf(Answer.QueuedAtJoin.class);

        // the drops follow the join in the one order, so the joiner gets them live, after its ACK
        List<String> joinerSaw = chat.drain(joiner);
        assertThat(joinerSaw).first().isEqualTo("\0");
        assertThat(joinerSaw.subList(1, joinerSaw.size())).containsExactlyInAnyOrder(dropped("a"), dropped("b"));
        List<String> seen = chat.drain(speaker);
        assertThat(seen).first().isEqualTo(TS + " eve has joined our chat...\n");
        assertThat(seen.subList(1, seen.size())).containsExactlyElementsOf(joinerSaw.subList(1, joinerSaw.size()));
        assertThat(chat.logTail(3)).containsExactlyElementsOf(seen);
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void aLeaveNoticeThatOverflowsTwoMembersDropsBoth(ChatFixture.Mode mode) throws IOException {
        threeMembers(mode);
        fillSlowQueues();

        chat.leave(speaker);

        assertThat(chat.logTail(3)).first().isEqualTo(TS + " c has left our chat...\n");
        assertThat(chat.logTail(2)).containsExactlyInAnyOrder(dropped("a"), dropped("b"));
        Member late = ChatFixture.member(5, 1 << 20);
        assertThat(chat.join(late, "a")).as("the name of a dropped member is free again")
                .isInstanceOf(Answer.QueuedAtJoin.class);
        assertThat(chat.drain(late)).first().isEqualTo("\0");
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void aDropNoticeThatOverflowsAThirdMemberDropsItTooAfterTheOthers(ChatFixture.Mode mode) throws IOException {
        threeMembers(mode);
        Member roomy = ChatFixture.member(4, 1 << 20);
        // d takes the filler and "hello", but not the first drop notice after them
        Member d = ChatFixture.member(5, SLOW_QUEUE - ROOM_LEFT + (TS + "[c]:hello\n").length() + 2);
        chat.join(roomy, "roomy");
        chat.join(d, "d");
        chat.drain(speaker);
        chat.drain(roomy);
        chat.drain(d);
        fillSlowQueues();
        chat.drain(roomy);

        assertThat(chat.say(speaker, "hello")).isEqualTo(Answer.ACK);

        List<String> seen = chat.drain(roomy);
        assertThat(seen).hasSize(4);
        assertThat(seen.getFirst()).isEqualTo(TS + "[c]:hello\n");
        assertThat(seen.subList(1, 3)).containsExactlyInAnyOrder(dropped("a"), dropped("b"));
        assertThat(seen.get(3)).isEqualTo(dropped("d"));
        assertThat(d.outbox().isOverflowed()).isTrue();
        assertThat(withoutAck(chat.drain(speaker))).containsExactlyElementsOf(seen);
        assertThat(chat.logTail(4)).containsExactlyElementsOf(seen);
    }

    private static List<String> withoutAck(List<String> seen) {
        List<String> lines = new ArrayList<>(seen);
        lines.remove("\0");
        return lines;
    }

    private static String dropped(String name) {
        return TS + " " + name + " was disconnected: too slow to keep up...\n";
    }
}
