package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rest of a cluster, for what must reach someone who is not on this server: a private message, or an
 * operator's order (a kick, a mute). A single server has nobody elsewhere ({@link #NONE}); a cluster node finds the
 * node holding the name and hands it over through Redis pub/sub, which stores nothing. Thread-safe.
 */
public interface OtherNodes {
    OtherNodes NONE = new OtherNodes() {
        @Override
        public Optional<Outgoing.Line> tell(ChatName to, Function<ChatName, Outgoing.Line> render) {
            return Optional.empty();
        }

        @Override
        public Optional<String> order(ChatName to, String order) {
            return Optional.empty();
        }

        @Override
        public void takeOrders(Orders orders) {
        }
    };

    /** What carries out an order from another node, on this one (the operators' {@code Moderation}). */
    @FunctionalInterface
    interface Orders {
        /**
         * Carries out {@code order} on the member of connection {@code connection}, attached here as {@code name}.
         * @return the answer for the ordering node (one line, no LF), or empty when that member is not attached here
         */
        Optional<String> carryOut(long connection, ChatName name, String order);
    }

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

    /**
     * Hands {@code order} (one line) to the node where {@code to} is attached, which carries it out with its
     * {@link Orders}.
     *
     * @return that node's answer, or empty when nobody of that name is online on another node
     * @throws IOException when that node could not be reached or did not answer in time: it may or may not have
     *         carried the order out
     */
    Optional<String> order(ChatName to, String order) throws IOException;

    /** Sets what carries out the orders other nodes send here; until then they are answered "nobody here". Once. */
    void takeOrders(Orders orders);
}
