package org.netcatchat.server.moderation;

import org.netcatchat.protocol.ChatName;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is muted until when: by the name's key and by the connection, so neither a rename nor a reconnect under the
 * same name ends it. Kept in memory only (decided: a mute is for minutes, a restart ends it; a ban is what lasts).
 * Thread-safe; the check costs one look at an empty map when nobody is muted.
 */
final class Mutes {
    private record Mute(Instant until, String by) {
    }

    private final InstantSource clock;
    private final Map<String, Mute> byName = new ConcurrentHashMap<>();
    private final Map<Long, Mute> byConnection = new ConcurrentHashMap<>();

    Mutes(InstantSource clock) {
        this.clock = clock;
    }

    /** Mutes the name, and the connection that has it now when it is online. */
    void mute(ChatName name, Optional<Long> connection, Instant until, String by) {
        byName.put(name.key(), new Mute(until, by));
        connection.ifPresent(id -> byConnection.put(id, new Mute(until, by)));
    }

    /** Lifts the mute of this name, and of the connection that has it now; returns whether there was one. */
    boolean lift(ChatName name, Optional<Long> connection) {
        boolean had = byName.remove(name.key()) != null;
        connection.ifPresent(byConnection::remove);
        return had;
    }

    boolean any() {
        return !byName.isEmpty() || !byConnection.isEmpty();
    }

    /** Until when this connection, known as {@code name}, is muted, if it is now. */
    Optional<Instant> until(long connection, ChatName name) {
        if (byName.isEmpty() && byConnection.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<Instant> until = Optional.ofNullable(byName.get(name.key())).map(Mute::until)
                .filter(time -> time.isAfter(now))
                .or(() -> Optional.ofNullable(byConnection.get(connection)).map(Mute::until).filter(time -> time.isAfter(now)));
        if (until.isEmpty()) {
            byName.values().removeIf(mute -> !mute.until().isAfter(now));
            byConnection.values().removeIf(mute -> !mute.until().isAfter(now));
        }
        return until;
    }
}
