package org.netcatchat.server.room;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.server.outbox.Outbox;

import java.util.Objects;
import java.util.Optional;

/** One connection as the room sees it: where its lines go, and the name it joined with, if it has. */
public final class Member {
    private final long id;
    private final Outbox outbox;
    /** Null until joined, and again after leaving. Guarded by the room's lock; read only under it. */
    private ChatName name;

    public Member(long id, Outbox outbox) {
        this.id = id;
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    public long id() {
        return id;
    }

    public Outbox outbox() {
        return outbox;
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
