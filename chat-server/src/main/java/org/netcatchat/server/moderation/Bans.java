package org.netcatchat.server.moderation;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.server.address.AddressKey;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The bans in force, kept where they outlive the server and reach every node: a single server's {@code bans.txt}
 * ({@link BansFile}), or a cluster's Redis ({@code cluster.RedisBans}). A ban past its time is no ban. Every method
 * may throw {@link IOException} when where they are kept does not answer; nothing changed then. Thread-safe.
 */
public interface Bans {
    /** The ban of this name in force now, if any (the longest). */
    Optional<Ban> ofName(ChatName name) throws IOException;

    /** The ban of this address in force now, if any (the longest). */
    Optional<Ban> ofAddress(AddressKey address) throws IOException;

    /** The bans in force, soonest over first. */
    List<Ban> list() throws IOException;

    /** Adds these bans; kept before they count. */
    void add(List<Ban> added) throws IOException;

    /** Lifts every ban of {@code target} (a name as typed, or an address as listed); returns those lifted. */
    List<Ban> lift(String target) throws IOException;
}
