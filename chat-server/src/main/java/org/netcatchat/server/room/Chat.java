package org.netcatchat.server.room;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Reply;

/**
 * The chat as a connection talks to it: the commands that reach everyone, and leaving. {@link Room} is the
 * single-node chat (its own history file, fan-out in process); {@code cluster.SharedRoom} is one node of a
 * chat shared through Redis (the stream is the order, a follower thread fans it out). The seam is here, and
 * not only at {@link org.netcatchat.server.history.History}, because in a cluster the fan-out moves too: a
 * line reaches the local members when it comes back from the shared log, not when it is appended.
 *
 * <p>Each command queues its own reply to the member's outbox (where it lands among the pushed lines is part
 * of the ordering) and returns it, for counting and logs. Implementations are thread-safe.
 */
public interface Chat {
    /** {@code name}: joins, or renames a member who has joined. */
    Reply name(Member member, ChatName name);

    /** {@code text}: the message to everyone (the sender too), ACKed once it is in the history. */
    Reply say(Member member, Command.Text text);

    /** {@code hist} and {@code hist N}: history lines, then the ACK; allowed before joining too. */
    Reply history(Member member, Command.Hist hist);

    /** {@code list}: who is online, as one line, then the ACK; allowed before joining too. */
    Reply list(Member member);

    /**
     * The member quit or half-closed, and its connection will send what is queued and close: returns once the
     * member's own lines have been queued to it, so the last echo is not cut off (bounded; see the
     * implementations).
     */
    void awaitOwnLines(Member member);

    /** The member's connection is ending: if it had joined, it leaves and the others are told. */
    void leave(Member member);

    /** No more joins or messages; returns the shutdown notice for the caller to send to every local connection. */
    byte[] close();
}
