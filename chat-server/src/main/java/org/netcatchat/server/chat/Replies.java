package org.netcatchat.server.chat;

import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.Reply;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.DurableAck;
import org.netcatchat.server.outbox.HistorySlice;
import org.netcatchat.server.outbox.Outbox;

import java.io.IOException;
import java.util.Optional;

/**
 * The one place that queues a command's reply and counts it: {@link #queue} for every answer, {@link #queueJoin}
 * for the ACK a join gets when its own entry comes back from the log, and {@link #afterSync} for what a group
 * commit's ACK becomes once the writer has synced. An error is counted ({@code netcat_rejected_frames_total})
 * before it is queued, so a scrape made after the client read it includes it. Thread-safe (stateless).
 */
public final class Replies {
    private static final System.Logger LOG = System.getLogger(Replies.class.getName());
    private static final byte[] ACK = Reply.ACK.encode();
    /** Not "history unavailable", which means "not sent, try again": this message was sent, and must not be sent twice. */
    private static final Reply.Error NOT_DURABLE = new Reply.Error(Problem.NOT_DURABLE,
            "not durable: the message was sent but may not survive a power loss; do not send it again");
    private static final byte[] NOT_DURABLE_BYTES = NOT_DURABLE.encode();

    private final ServerEvents events;

    public Replies(ServerEvents events) {
        this.events = events;
    }

    /** Queues {@code answer} to the member: the reply to the command it just sent. */
    public void queue(Member member, Answer answer) {
        Outbox outbox = member.outbox();
        switch (answer) {
            case Answer.Now(Reply.Error error) -> {
                events.frameRejected(error.problem());
                outbox.offer(error.encode());
            }
            case Answer.Now(Reply.Ack ignored) -> outbox.offer(ACK);
            case Answer.WithBody(var body) -> {
                if (outbox.offer(body) == Outbox.Offer.QUEUED) { // else it overflowed or closed: no ACK either
                    outbox.offer(ACK);
                }
            }
            case Answer.WhenDurable(Log log, long position) -> outbox.offer(new DurableAck(log, position));
            case Answer.QueuedAtJoin() -> {
            }
        }
    }

    /** A join's ACK, then its replay: queued by the delivery of its own join entry, ahead of every later line. */
    void queueJoin(Member member, Optional<HistorySlice> replay) {
        member.outbox().offer(ACK);
        replay.ifPresent(member.outbox()::offer);
    }

    /**
     * For the writer of a {@link DurableAck}: makes the log durable up to its position (the first of these in a
     * batch syncs for all of them, and for every other connection's) and returns what the client gets then.
     */
    public byte[] afterSync(DurableAck ack, String connection) {
        try {
            ack.source().syncTo(ack.position());
            return ACK;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: fsync of the history failed: {1}", connection, e.toString());
            events.frameRejected(NOT_DURABLE.problem());
            return NOT_DURABLE_BYTES;
        }
    }

    /** The longest line {@link #afterSync} can return: what a writer reserves for one. */
    public static int longestAfterSync() {
        return NOT_DURABLE_BYTES.length;
    }
}
