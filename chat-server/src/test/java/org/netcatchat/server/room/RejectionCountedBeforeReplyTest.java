package org.netcatchat.server.room;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.Reply;
import org.netcatchat.server.history.FsyncPolicy;
import org.netcatchat.server.history.HistoryFile;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.Outbox;
import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An error reply is counted before it is queued: when the member's sender is started for it (the earliest a
 * client could read it), {@code netcat_rejected_frames_total} already includes it. Before, the session counted
 * after the room had queued the reply, and a scrape made right after the client read its ERR could miss it.
 */
class RejectionCountedBeforeReplyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private HistoryFile history;
    private Room room;
    /** Every frameRejected call, in order. */
    private final List<Problem> rejected = new CopyOnWriteArrayList<>();
    /** How many rejections were counted at each moment a sender was started. */
    private final List<Integer> countedWhenSending = new ArrayList<>();

    @BeforeEach
    void room() throws IOException {
        history = HistoryFile.open(dir.resolve("history.txt"), FsyncPolicy.NEVER);
        room = new Room(history, CLOCK, rejectionsRecorded(), 0);
    }

    @AfterEach
    void closeHistory() throws IOException {
        history.close();
    }

    @Test
    void aTextBeforeJoiningIsCountedBeforeItsErrorIsQueued() {
        Member stranger = member(1);

        Reply reply = room.say(stranger, new Command.Text("hello"));

        assertThat(reply).isInstanceOf(Reply.Error.class);
        assertThat(rejected).containsExactly(Problem.NOT_JOINED);
        assertThat(countedWhenSending).containsExactly(1);
    }

    @Test
    void aTakenNameIsCountedBeforeItsErrorIsQueued() {
        Member anna = member(1);
        Member impostor = member(2);
        assertThat(room.name(anna, new ChatName("anna"))).isEqualTo(Reply.ACK);
        drain(anna);
        countedWhenSending.clear();

        Reply reply = room.name(impostor, new ChatName("ANNA"));

        assertThat(reply).isInstanceOf(Reply.Error.class);
        assertThat(rejected).containsExactly(Problem.NAME_TAKEN);
        assertThat(countedWhenSending).containsExactly(1);
    }

    /** A member whose outbox records, when its sender would be started, how many rejections were counted. */
    private Member member(long id) {
        Outbox outbox = new Outbox(1 << 20, new Outbox.Owner() {
            @Override
            public void startSending() {
                countedWhenSending.add(rejected.size());
            }

            @Override
            public void overflowed() {
            }

            @Override
            public void finished() {
            }
        });
        Member member = new Member(id, "127.0.0.1:" + (40000 + id), outbox, rejectionsRecorded());
        drain(member); // a new outbox belongs to the connection's own thread (its greeting) until its first drain
        return member;
    }

    /** As the sender would: until its turn is over, so the next reply starts a sender again. */
    private static void drain(Member member) {
        List<Outgoing> items = new ArrayList<>();
        while (member.outbox().drainTo(items)) {
            items.clear();
        }
    }

    /** Records frameRejected; every other event (all return nothing) is ignored. */
    private ServerEvents rejectionsRecorded() {
        return (ServerEvents) Proxy.newProxyInstance(ServerEvents.class.getClassLoader(), new Class<?>[]{ServerEvents.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("frameRejected")) {
                        rejected.add((Problem) args[0]);
                    }
                    return null;
                });
    }
}
