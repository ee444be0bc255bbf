package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Roster;

import java.io.IOException;

/**
 * Who holds which name, unique by {@link ChatName#key()} (NFKC, case-folded): on one server a map
 * ({@link LocalNames}), in a cluster a lease per name in Redis. Names are held by connection id, which is
 * unique on this server; the implementation knows which server it is. Thread-safe.
 */
public interface Names {
    /** @return whether {@code name} is now held by {@code connection} (false: someone else holds it) */
    boolean take(long connection, ChatName name) throws IOException;

    /**
     * The same name in another spelling ({@code alice} to {@code Alice}): stays held, its display changes.
     *
     * @return false when {@code old} is no longer held by {@code connection}
     */
    boolean respell(long connection, ChatName old, ChatName renamed) throws IOException;

    /** Lets the name go, if {@code connection} still holds it; a failure is logged, never thrown (it expires). */
    void release(long connection, ChatName name);

    /** Who is online: how many names are held, and the first {@link Roster#MAX_LISTED_NAMES} of them. */
    Roster roster() throws IOException;
}
