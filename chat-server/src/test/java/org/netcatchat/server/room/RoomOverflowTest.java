package org.netcatchat.server.room;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Reply;
import org.netcatchat.server.history.FsyncPolicy;
import org.netcatchat.server.history.HistoryFile;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.Outbox;
import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The room without sockets: real outboxes that nobody drains, a real history file. One line that overflows
 * two members at once, whatever line it is (a message, a join notice, a leave notice), must drop both and
 * tell everyone else, and the one who caused it is answered as usual.
 */
class RoomOverflowTest {
    private static final String TS = "[2026-11-30 12:00:00]";
    /** Every pushed line has this exact length: the clock stands still. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    private static final long SLOW_QUEUE = 4096;
    /** Room left in a slow member's queue: less than any pushed line. */
    private static final int ROOM_LEFT = 10;

    @TempDir
    Path dir;
    private HistoryFile history;
    private Room room;
    private Member speaker;
    private Member a;
    private Member b;

    @BeforeEach
    void threeMembers() throws IOException {
        history = HistoryFile.open(dir.resolve("history.txt"), FsyncPolicy.NEVER);
        room = new Room(history, CLOCK, ServerEvents.NONE, 0);
        speaker = member(1, 1 << 20);
        a = member(2, SLOW_QUEUE);
        b = member(3, SLOW_QUEUE);
        join(speaker, "c");
        join(a, "a");
        join(b, "b");
    }

    /** Empties the slow members' queues, then fills both to {@link #ROOM_LEFT} bytes below their limit. */
    private void fillSlowQueues() {
        drain(a);
        drain(b);
        // "[ts][c]:" + message + LF
        say(speaker, "f".repeat((int) SLOW_QUEUE - ROOM_LEFT - TS.length() - "[c]:".length() - 1));
        drain(speaker);
    }

    @AfterEach
    void closeHistory() throws IOException {
        history.close();
    }

    @Test
    void aMessageThatOverflowsTwoMembersDropsBothAndIsAcknowledged() {
        fillSlowQueues();

        assertThat(say(speaker, "hello")).isEqualTo(Reply.ACK);

        List<String> seen = drain(speaker);
        assertThat(seen).first().isEqualTo(TS + "[c]:hello\n");
        assertThat(seen.subList(1, 3)).containsExactlyInAnyOrder(dropped("a"), dropped("b"));
        assertThat(seen.subList(3, seen.size())).containsExactly("\0");
        assertThat(a.outbox().isOverflowed()).isTrue();
        assertThat(b.outbox().isOverflowed()).isTrue();
        assertThat(historyTail(3)).containsExactlyElementsOf(seen.subList(0, 3));
        assertThat(a.name()).isEmpty();
        assertThat(b.name()).isEmpty();
    }

    @Test
    void aJoinNoticeThatOverflowsTwoMembersDropsBothAndTheJoinerIsAcknowledged() {
        fillSlowQueues();

        Member joiner = member(4, 1 << 20);

        assertThat(join(joiner, "eve")).isEqualTo(Reply.ACK);

        // the drops come before the join is complete in the one order, so the joiner has them in its replay only
        assertThat(drain(joiner)).containsExactly("\0");
        List<String> seen = drain(speaker);
        assertThat(seen).first().isEqualTo(TS + " eve has joined our chat...\n");
        assertThat(seen.subList(1, seen.size())).containsExactlyInAnyOrder(dropped("a"), dropped("b"));
        assertThat(historyTail(3)).containsExactlyElementsOf(seen);
    }

    @Test
    void aLeaveNoticeThatOverflowsTwoMembersDropsBoth() {
        fillSlowQueues();

        room.leave(speaker);

        assertThat(historyTail(3)).first().isEqualTo(TS + " c has left our chat...\n");
        assertThat(historyTail(2)).containsExactlyInAnyOrder(dropped("a"), dropped("b"));
        Member late = member(5, 1 << 20);
        assertThat(join(late, "a")).as("the name of a dropped member is free again").isEqualTo(Reply.ACK);
    }

    @Test
    void aDropNoticeThatOverflowsAThirdMemberDropsItTooAfterTheOthers() {
        Member roomy = member(4, 1 << 20);
        // d takes the filler and "hello", but not the first drop notice after them
        Member d = member(5, SLOW_QUEUE - ROOM_LEFT + (TS + "[c]:hello\n").length() + 2);
        join(roomy, "roomy");
        join(d, "d");
        drain(speaker);
        drain(roomy);
        drain(d);
        fillSlowQueues();
        drain(roomy);

        assertThat(say(speaker, "hello")).isEqualTo(Reply.ACK);

        List<String> seen = drain(roomy);
        assertThat(seen).hasSize(4);
        assertThat(seen.getFirst()).isEqualTo(TS + "[c]:hello\n");
        assertThat(seen.subList(1, 3)).containsExactlyInAnyOrder(dropped("a"), dropped("b"));
        assertThat(seen.get(3)).isEqualTo(dropped("d"));
        assertThat(d.outbox().isOverflowed()).isTrue();
        assertThat(drain(speaker)).containsExactlyElementsOf(concat(seen, "\0"));
        assertThat(historyTail(4)).containsExactlyElementsOf(seen);
    }

    private static List<String> concat(List<String> lines, String last) {
        List<String> all = new ArrayList<>(lines);
        all.add(last);
        return all;
    }

    private static Member member(long id, long queueBytes) {
        return new Member(id, "127.0.0.1:" + (40000 + id), Outbox.drainedByCaller(Math.max(1, queueBytes), () -> {
        }), ServerEvents.NONE);
    }

    private Reply join(Member member, String name) {
        return room.name(member, new ChatName(name));
    }

    private Reply say(Member member, String message) {
        return room.say(member, new Command.Text(message));
    }

    private static String dropped(String name) {
        return TS + " " + name + " was disconnected: too slow to keep up...\n";
    }

    /** What is queued for the member, one string per item; takes it out of the queue. */
    private static List<String> drain(Member member) {
        List<Object> items = new ArrayList<>();
        member.outbox().drainTo(items);
        List<String> lines = new ArrayList<>();
        for (Object item : items) {
            lines.add(new String(((Outgoing.Line) item).bytes(), StandardCharsets.UTF_8));
        }
        return lines;
    }

    private List<String> historyTail(int count) {
        try {
            List<String> lines = Files.readAllLines(history.path()).stream().map(line -> line + "\n").toList();
            return lines.subList(lines.size() - count, lines.size());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
