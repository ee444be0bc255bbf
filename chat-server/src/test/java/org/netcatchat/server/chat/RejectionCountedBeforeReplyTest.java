package org.netcatchat.server.chat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netcatchat.protocol.Problem;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.Outbox;
import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
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
    @TempDir
    Path dir;
    private ChatFixture chat;
    /** Every frameRejected call, in order. */
    private final List<Problem> rejected = new CopyOnWriteArrayList<>();
    /** How many rejections were counted at each moment a sender was started. */
    private final List<Integer> countedWhenSending = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeChat() throws IOException {
        chat.close();
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void aTextBeforeJoiningIsCountedBeforeItsErrorIsQueued(ChatFixture.Mode mode) throws IOException {
        chat = ChatFixture.open(mode, dir, rejectionsRecorded(), 0);
        Member stranger = member(1);

        Answer answer = chat.say(stranger, "hello");

        assertThat(answer.succeeded()).isFalse();
        assertThat(rejected).containsExactly(Problem.NOT_JOINED);
        assertThat(countedWhenSending).containsExactly(1);
    }

    @ParameterizedTest
    @EnumSource(ChatFixture.Mode.class)
    void aTakenNameIsCountedBeforeItsErrorIsQueued(ChatFixture.Mode mode) throws IOException {
        chat = ChatFixture.open(mode, dir, rejectionsRecorded(), 0);
        Member anna = member(1);
        Member impostor = member(2);
        assertThat(chat.join(anna, "anna").succeeded()).isTrue();
        drain(anna);
        countedWhenSending.clear();

        Answer answer = chat.join(impostor, "ANNA");

        assertThat(answer.succeeded()).isFalse();
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
        Member member = new Member(id, "127.0.0.1:" + (40000 + id), outbox);
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
