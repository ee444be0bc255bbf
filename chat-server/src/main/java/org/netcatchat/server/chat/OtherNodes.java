package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rest of a cluster, for a private message to someone who is not on this server: a single server has
 * nobody elsewhere ({@link #NONE}); a cluster node finds the node holding the name and hands the line to it,
 * through Redis pub/sub, which stores nothing. Thread-safe.
 */
public interface OtherNodes {
    OtherNodes NONE = (to, render) -> Optional.empty();

    /**
     * Queues a private line to the member named {@code to} on another node, if there is one: {@code render} makes
     * the line from the receiver's name as that node knows it.
     *
     * @return the line as queued there (the sender's echo is the same line), or empty when nobody of that name
     *         is online on another node
     * @throws IOException when the receiver's node could not be reached or did not answer in time: nothing is
     *         known to have been queued
     */
    Optional<Outgoing.Line> tell(ChatName to, Function<ChatName, Outgoing.Line> render) throws IOException;
}
