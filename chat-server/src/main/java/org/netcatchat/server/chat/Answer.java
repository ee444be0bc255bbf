package org.netcatchat.server.chat;

import org.netcatchat.protocol.Reply;
import org.netcatchat.server.outbox.Outgoing;

import java.util.Objects;

/**
 * What a command answers, as a value: the chat decides it, {@link Replies#queue} queues and counts it, in one
 * place. Every command gets exactly one reply ending with {@code 0x00} (docs/PROTOCOL.md); these are its shapes.
 */
public sealed interface Answer {
    /** An {@code ERR} line or the bare ACK. */
    record Now(Reply reply) implements Answer {
        public Now {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** A body (the {@code LIST} line, a history slice), then the ACK. */
    record WithBody(Outgoing body) implements Answer {
        public WithBody {
            Objects.requireNonNull(body, "body");
        }
    }

    /** The ACK of a message once {@code log} is durable up to {@code position}: group commit. */
    record WhenDurable(Log log, long position) implements Answer {
    }

    /**
     * A join: its ACK and replay were queued when its own join entry came back from the log, ahead of every
     * later line (where they land in the queue is part of the one order), so nothing is left to queue here.
     */
    record QueuedAtJoin() implements Answer {
    }

    Answer ACK = new Now(Reply.ACK);

    static Answer error(Reply.Error error) {
        return new Now(error);
    }

    /** Whether the command took effect: the reply is no {@code ERR}. */
    default boolean succeeded() {
        return !(this instanceof Now(Reply.Error ignored));
    }
}
