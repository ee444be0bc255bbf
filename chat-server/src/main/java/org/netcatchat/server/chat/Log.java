package org.netcatchat.server.chat;

import org.netcatchat.protocol.PushedLine;
import org.netcatchat.server.outbox.HistorySource;
import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The chat's order and its history: every pushed line is appended here, and the log hands every line back to
 * its {@link Reader}, in the one order, to be delivered. The chat delivers nothing itself: what the log hands
 * back is what everyone sees, in the order everyone sees it. Two implementations: the local history file, which
 * hands a line back on the appending thread before {@link #append} returns, and the Redis stream of a cluster,
 * whose follower hands back every node's lines in stream order, later and on its own thread.
 *
 * <p>It is the {@link HistorySource} that slices and durable ACKs of its lines are read from and synced.
 *
 * <p>Positions address the log: each entry's is the point just after it, they only grow, and a
 * {@link org.netcatchat.server.outbox.HistorySlice} ending at one holds that entry as its last line.
 * Implementations are thread-safe.
 */
public interface Log extends HistorySource, AutoCloseable {

    /**
     * What an entry is: a message (counted as one where it is delivered), or a notice; and for the notices about a
     * member of this server (its join, its rename, its leave or drop) which one, because the chat acts when such
     * an entry comes back: it attaches a joiner at its own join notice, and lets go of a name as its rename or
     * leave notice is delivered, so whoever sees the notice can take the name at once.
     */
    enum Kind { MESSAGE, NOTICE, JOIN, RENAME, LEAVE }

    /**
     * One pushed line to append, its kind, and for a join, rename or leave the connection id of the member it is
     * about (this server's; the log remembers which server it is). The line is made when the log renders it.
     */
    record Entry(Supplier<PushedLine> line, Kind kind, OptionalLong member) {
        public Entry {
            Objects.requireNonNull(line, "line");
            if (member.isPresent() != aboutAMember(kind)) {
                throw new IllegalArgumentException("a join, rename or leave entry, and only one, names its member");
            }
        }

        /**
         * The line as bytes, ending with LF, and stamped with the time now. A log calls this once per append, in its
         * order (the local file under its order lock), so the times in the history never go back.
         */
        public byte[] render() {
            return (line.get().render() + "\n").getBytes(StandardCharsets.UTF_8);
        }

        public static Entry message(Supplier<PushedLine> line) {
            return new Entry(line, Kind.MESSAGE, OptionalLong.empty());
        }

        /** A join, rename or leave notice of this server's member {@code connection}. */
        public static Entry about(Kind kind, Supplier<PushedLine> line, long connection) {
            return new Entry(line, kind, OptionalLong.of(connection));
        }
    }

    static boolean aboutAMember(Kind kind) {
        return kind == Kind.JOIN || kind == Kind.RENAME || kind == Kind.LEAVE;
    }

    /**
     * An entry handed back: its position, its line (cleaned: whatever wrote it, it meets the text rules of
     * docs/PROTOCOL.md; one instance, shared by every outbox it is queued to), its kind, and, for a join, rename
     * or leave of a member of this server, that member's connection id (empty for another server's).
     */
    record Delivered(long position, Outgoing.Line line, Kind kind, OptionalLong memberHere) {
        public Delivered {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(memberHere, "memberHere");
        }
    }

    /** What the log hands its entries to: the chat. */
    interface Reader {
        /** The next entry in the one order; called by one thread at a time, never concurrently. */
        void deliver(Delivered entry);

        /**
         * A cluster only: another node took this one for dead and published these connections' leave notices;
         * for the chat they are gone.
         */
        void goneElsewhere(Set<Long> connections);
    }

    /**
     * An append whose outcome the log cannot know: a cluster's Redis took the command but did not answer in time
     * (stalled, or the connection broke before its reply). The entry may be in the log, and delivered, or not.
     */
    final class NotConfirmed extends IOException {
        public NotConfirmed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Starts handing entries to {@code reader}; called once, before the first append. */
    void start(Reader reader);

    /**
     * Appends an entry. It is handed to the reader in log order: by the local file before this returns (an append
     * made while delivering, a drop notice, is handed back right after the one being delivered), by a stream
     * whenever its follower meets it.
     *
     * @return its position
     * @throws NotConfirmed when the log cannot know whether it was stored (a cluster's Redis did not answer)
     * @throws IOException when it could not be stored: nothing of it is in the log, and nobody gets it
     */
    long append(Entry entry) throws IOException;

    /**
     * Whether an ACK must wait for {@link #syncTo syncTo}: true only for the local file under {@code --fsync batch}
     * (group commit); otherwise an appended entry is as durable as it will be.
     */
    boolean syncsLater();


    /** The position of the last entry handed to the reader: what {@code hist} and a join replay count as now. */
    long delivered();

    /**
     * Whether anyone reads this log after this server stops: the shared stream's other nodes do, so this node's
     * members' leave notices go into it during a stop; the local file's readers all stop with the server, so a
     * stop adds nothing to it (docs/ARCHITECTURE.md).
     */
    boolean outlivesThisServer();

    /** Stops delivering and releases the log. */
    @Override
    void close() throws IOException;
}
