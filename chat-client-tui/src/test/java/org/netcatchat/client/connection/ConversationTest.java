package org.netcatchat.client.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.ServerStream;

class ConversationTest {
    private static final LocalDateTime T = LocalDateTime.of(2026, 11, 27, 17, 46, 36);

    private final List<Incoming> seen = new ArrayList<>();
    private final Conversation conversation = new Conversation(seen::add);
    private final ServerStream stream = new ServerStream();

    /** A whole session as the server sends it; chunk sizes from 1 byte up must not change what is seen. */
    private static final String SESSION = """
            Welcome to netcat-chat! Each line you send starts with a command:
              quit           leave
            \0[2026-11-27 17:46:36] alice has joined our chat...
            [2026-11-27 17:46:36][bob]:hi alice
            ERR name taken
            \0[2026-11-27 17:46:36][alice]:hello
            \0[2026-11-27 17:46:36][bob]:pushed in the middle of hist
            [2026-11-27 17:46:36] bob has left our chat...
            \0""";

    @ParameterizedTest(name = "[{index}] {0} byte(s) at a time")
    @ValueSource(ints = {1, 2, 3, 7, 64, 10_000})
    void aWholeSessionIsMatchedToItsCommandsHoweverTheBytesArrive(int chunk) {
        Outgoing join = Outgoing.of(new Command.Name(new ChatName("alice")));
        Outgoing rename = Outgoing.of(new Command.Name(new ChatName("bob")));
        Outgoing text = Outgoing.of(new Command.Text("hello"));
        Outgoing hist = Outgoing.of(Command.Hist.last(1));
        conversation.expect(join);
        conversation.expect(rename);
        conversation.expect(text);
        conversation.expect(hist);

        feedInChunks(SESSION, chunk);

        assertThat(seen).containsExactly(
                new Incoming.Text("Welcome to netcat-chat! Each line you send starts with a command:"),
                new Incoming.Text("  quit           leave"),
                new Incoming.Answered(join.command(), Answer.OK),
                new Incoming.Pushed(new PushedLine.Notice(T, "alice has joined our chat...")),
                new Incoming.Pushed(new PushedLine.Message(T, "bob", "hi alice")),
                new Incoming.Answered(rename.command(), new Answer.Refused("name taken")),
                new Incoming.Pushed(new PushedLine.Message(T, "alice", "hello")),
                new Incoming.Answered(text.command(), Answer.OK),
                new Incoming.Pushed(new PushedLine.Message(T, "bob", "pushed in the middle of hist")),
                new Incoming.Pushed(new PushedLine.Notice(T, "bob has left our chat...")),
                new Incoming.Answered(hist.command(), Answer.OK));
        assertThat(join.answer()).isCompletedWithValue(Answer.OK);
        assertThat(rename.answer()).isCompletedWithValue(new Answer.Refused("name taken"));
        assertThat(text.answer()).isCompletedWithValue(Answer.OK);
        assertThat(hist.answer()).isCompletedWithValue(Answer.OK);
    }

    @Test
    void theSinkHearsOfAnAnswerBeforeAnyoneWaitingOnIt() {
        Outgoing join = Outgoing.of(new Command.Name(new ChatName("alice")));
        List<Boolean> doneWhenSeen = new ArrayList<>();
        Conversation ordered = new Conversation(incoming -> doneWhenSeen.add(join.answer().isDone()));
        ordered.expect(join);
        stream.feed(new byte[] {0}, 0, 1, ordered);
        assertThat(doneWhenSeen).containsExactly(false);
        assertThat(join.answer()).isCompletedWithValue(Answer.OK);
    }

    @Test
    void anAnswerCompletesEvenWhenTheSinkThrows() {
        Outgoing join = Outgoing.of(new Command.Name(new ChatName("alice")));
        Conversation failing = new Conversation(incoming -> {
            throw new IllegalStateException("bug in the screen");
        });
        failing.expect(join);
        assertThatThrownBy(() -> stream.feed(new byte[] {0}, 0, 1, failing)).hasMessage("bug in the screen");
        assertThat(join.answer()).isCompletedWithValue(Answer.OK);
    }

    @Test
    void anErrorWithNoCommandWaitingIsReportedAsStray() {
        feedInChunks("ERR who asked?\n\0\0", 1);
        assertThat(seen).containsExactly(new Incoming.StrayError("who asked?"));
    }

    @Test
    void onlyTheLastErrorOfAReplyCounts() {
        Outgoing hist = Outgoing.of(Command.Hist.all());
        conversation.expect(hist);
        feedInChunks("[2026-11-27 17:46:36][bob]:old line\nERR history unavailable\n\0", 5);
        assertThat(hist.answer()).isCompletedWithValue(new Answer.Refused("history unavailable"));
        assertThat(seen).containsExactly(
                new Incoming.Pushed(new PushedLine.Message(T, "bob", "old line")),
                new Incoming.Answered(hist.command(), new Answer.Refused("history unavailable")));
    }

    @Test
    void anErrorDoesNotLeakIntoTheNextReply() {
        Outgoing first = Outgoing.of(new Command.Text("one"));
        Outgoing second = Outgoing.of(new Command.Text("two"));
        conversation.expect(first);
        conversation.expect(second);
        feedInChunks("ERR rate limited\n\0\0", 1);
        assertThat(first.answer()).isCompletedWithValue(new Answer.Refused("rate limited"));
        assertThat(second.answer()).isCompletedWithValue(Answer.OK);
    }

    @Test
    void abandoningAnswersEveryWaitingCommandAsUnanswered() {
        Outgoing first = Outgoing.of(new Command.Text("one"));
        Outgoing second = Outgoing.of(Command.Hist.all());
        conversation.expect(first);
        conversation.expect(second);
        feedInChunks("\0", 1);
        conversation.abandon("the connection ended");
        assertThat(first.answer()).isCompletedWithValue(Answer.OK);
        assertThat(second.answer()).isCompletedWithValue(new Answer.Unanswered("the connection ended"));
    }

    @Test
    void crLfLineEndsAreAccepted() {
        feedInChunks("Welcome to netcat-chat!\r\n[2026-11-27 17:46:36][bob]:hi\r\n", 1);
        assertThat(seen).containsExactly(
                new Incoming.Text("Welcome to netcat-chat!"),
                new Incoming.Pushed(new PushedLine.Message(T, "bob", "hi")));
    }

    @Test
    void quitExpectsNoReply() {
        assertThatThrownBy(() -> conversation.expect(Outgoing.of(new Command.Quit())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void feedInChunks(String text, int chunk) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            stream.feed(bytes, i, Math.min(chunk, bytes.length - i), conversation);
        }
    }
}
