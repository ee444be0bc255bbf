package org.netcatchat.server.room;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Reply;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.Outbox;

import java.util.Objects;
import java.util.Optional;

/** One connection as the room sees it: where its lines go, and the name it joined with, if it has. */
public final class Member {
    private final long id;
    /** The client's address and port, for log lines. */
    private final String address;
    private final Outbox outbox;
    private final ServerEvents events;
    /** Null until joined, and again after leaving. Guarded by the room's lock; read only under it. */
    private ChatName name;

    public Member(long id, String address, Outbox outbox, ServerEvents events) {
        this.id = id;
        this.address = Objects.requireNonNull(address, "address");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.events = Objects.requireNonNull(events, "events");
    }

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

    /**
     * Queues a command's reply; the one place that does, for the session and for either room. An error is
     * counted ({@code netcat_rejected_frames_total}) before it is queued, so a scrape made after the client
     * read it includes it. (The durable ACK's "not durable" error is decided later, by the writer, and
     * counted there.)
     */
    public Reply reply(Reply reply) {
        if (reply instanceof Reply.Error error) {
            events.frameRejected(error.problem());
        }
        outbox.offer(reply.encode());
        return reply;
    }

    Optional<ChatName> name() {
        return Optional.ofNullable(name);
    }

    void name(ChatName newName) {
        this.name = newName;
    }

    void forgetName() {
        this.name = null;
    }
}
