package org.netcatchat.server.moderation;

import org.netcatchat.protocol.ChatName;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The mutes every node of a cluster must see (a single server has none: its own memory is the whole chat): by the
 * name's key, until a time, so a muted name that joins on another node, or that an operator muted while it was away,
 * is muted there too. Kept in Redis ({@code cluster.RedisMutes}). Thread-safe.
 */
public interface SharedMutes {
    void mute(ChatName name, Instant until, String by) throws IOException;

    void lift(ChatName name) throws IOException;

    /** Until when {@code name} is muted, if it is now. */
    Optional<Instant> until(ChatName name) throws IOException;
}
