package org.netcatchat.client.connection;

import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.ServerStream;

/**
 * Matches what the server sends to the commands waiting for a reply, and says what each line is.
 *
 * <p>Protocol v1 answers every command but {@code quit} with exactly one reply ending in 0x00, in the order
 * the commands were sent. So the oldest command still waiting owns the next 0x00, and an {@code ERR} line
 * before it is that command's refusal. Every other line (pushed, greeting, {@code hist} output) is passed on
 * as soon as it is complete: pushed lines may arrive in the middle of a reply.
 *
 * <p>Threads: {@link #expect} from the one thread that writes (before it writes the command, so the reply
 * cannot overtake it), {@link #accept} and {@link #abandon} from the one thread that reads.
 */
final class Conversation implements Consumer<ServerStream.Event> {
    private final Queue<Outgoing> awaiting = new ConcurrentLinkedQueue<>();
    private final Consumer<? super Incoming> sink;
    /** The reason of an ERR line seen in the reply being read. Reader thread only. */
    private Optional<String> refusal = Optional.empty();

    Conversation(Consumer<? super Incoming> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** {@code outgoing} is about to be written; its reply is the next one not yet claimed. */
    void expect(Outgoing outgoing) {
        if (outgoing.command() instanceof Command.Quit) {
            throw new IllegalArgumentException("quit has no reply");
        }
        awaiting.add(outgoing);
    }

    @Override
    public void accept(ServerStream.Event event) {
        switch (event) {
            case ServerStream.Line line -> line(line);
            case ServerStream.EndOfReply end -> endOfReply();
        }
    }

    /** The connection ended: nothing still waiting will be answered. */
    void abandon(String reason) {
        Outgoing outgoing;
        while ((outgoing = awaiting.poll()) != null) {
            outgoing.answer().complete(new Answer.Unanswered(reason));
        }
    }

    private void line(ServerStream.Line line) {
        if (line.isError()) {
            refusal = Optional.of(line.errorReason());
            return;
        }
        Optional<PushedLine> pushed = PushedLine.parse(line.text());
        sink.accept(pushed.<Incoming>map(Incoming.Pushed::new).orElseGet(() -> new Incoming.Text(line.text())));
    }

    private void endOfReply() {
        Optional<String> reason = refusal;
        refusal = Optional.empty();
        Outgoing outgoing = awaiting.poll();
        if (outgoing == null) {
            reason.ifPresent(r -> sink.accept(new Incoming.StrayError(r)));
            return;
        }
        Answer answer = reason.<Answer>map(Answer.Refused::new).orElse(Answer.OK);
        // Tell the sink first: whoever waits on the future then finds the screen already up to date.
        try {
            sink.accept(new Incoming.Answered(outgoing.command(), answer));
        } finally {
            outgoing.answer().complete(answer);
        }
    }
}
