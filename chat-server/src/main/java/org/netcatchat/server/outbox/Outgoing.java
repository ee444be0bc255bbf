package org.netcatchat.server.outbox;

import java.util.Objects;

/**
 * What an outbox can hold, and so what a connection's writer must know how to send: the writer switches over
 * it without a {@code default}, and the compiler checks that every kind is handled.
 */
public sealed interface Outgoing permits Outgoing.Line, HistorySlice, DurableAck {

    /**
     * Bytes sent as they are: a pushed line, a reply, a greeting. A broadcast makes one of these and queues the
     * same instance to every member, so it costs one object, not one per receiver; nobody may write into
     * {@code bytes}.
     */
    record Line(byte[] bytes) implements Outgoing {
        public Line {
            Objects.requireNonNull(bytes, "bytes");
        }
    }
}
