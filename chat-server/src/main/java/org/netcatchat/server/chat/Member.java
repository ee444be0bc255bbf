package org.netcatchat.server.chat;

import org.netcatchat.server.outbox.Outbox;

import java.util.Objects;

/**
 * One connection as the chat sees it: who it is (for log lines) and where its lines go. What it is in the chat
 * (its name, whether it has joined) is the chat's to know: ask {@link Chat#nameOf}. Immutable.
 */
public final class Member {
    private final long id;
    /** The client's address and port, for log lines. */
    private final String address;
    private final Outbox outbox;

    public Member(long id, String address, Outbox outbox) {
        this.id = id;
        this.address = Objects.requireNonNull(address, "address");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    /** The connection id: unique on this server. */
    public long id() {
        return id;
    }

    /** {@code connection 7 from 203.0.113.7:53122}: how every log line about this connection starts. */
    public String label() {
        return "connection " + id + " from " + address;
    }

    public Outbox outbox() {
        return outbox;
    }
}
