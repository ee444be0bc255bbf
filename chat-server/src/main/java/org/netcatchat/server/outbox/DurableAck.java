package org.netcatchat.server.outbox;

import java.util.Objects;

/**
 * "ACK once {@code source} is durable up to {@code position}": queued in place of the ACK of a {@code text}
 * (or a {@code tell#room}) under group commit. The writer makes the history durable (one fsync covers every ACK
 * of that history in its batch and every other connection's waiting too) and only then sends the 0x00, so the
 * reader goes on with the next frame instead of waiting for the disk.
 */
public record DurableAck(HistorySource source, long position) implements Outgoing {
    public DurableAck {
        Objects.requireNonNull(source, "source");
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0");
        }
    }
}
