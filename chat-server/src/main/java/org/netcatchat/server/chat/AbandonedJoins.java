package org.netcatchat.server.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Joins given up although their notice may still reach the log: a cluster's Redis took the join's XADD, did not
 * answer, and the notice had not come back within {@link Membership#ATTACH_WAIT}, so the member was told it has
 * not joined. Should that notice come back later (Redis ran the XADD when it woke), everyone has read that the
 * member joined: the chat then appends its leave notice. At most {@link #KEPT}, the oldest forgotten first: a
 * notice that has not come back after that many other such joins is taken never to come. Thread-safe.
 */
final class AbandonedJoins {
    /** Each is a stall of Redis longer than the attach wait, with a join in it: rare, and a few bytes apiece. */
    static final int KEPT = 1024;

    // Guarded by this.
    private final Map<Long, Membership> byConnection = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Membership> eldest) {
            return size() > KEPT;
        }
    };

    synchronized void add(Membership joiner) {
        byConnection.put(joiner.member.id(), joiner);
    }

    /** The abandoned join of this connection, now forgotten; empty when there is none. */
    synchronized Optional<Membership> take(long connection) {
        return Optional.ofNullable(byConnection.remove(connection));
    }
}
