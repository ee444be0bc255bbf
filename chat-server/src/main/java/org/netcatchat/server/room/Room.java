package org.netcatchat.server.room;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.Reply;
import org.netcatchat.protocol.Roster;
import org.netcatchat.server.history.FsyncPolicy;
import org.netcatchat.server.history.History;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.DurableAck;
import org.netcatchat.server.outbox.HistorySlice;
import org.netcatchat.server.outbox.Outbox;
import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The chat room: who has joined under which name, and the one global order of pushed lines.
 *
 * <p>Every pushed line is appended to the history and queued to every member's outbox inside one hold of
 * {@link #lock}, so the file and every client see the same sequence. A join queues its ACK and its replay
 * of history under the same lock, so a message racing a join is seen by the joiner exactly once: either in
 * the replay or live after it. Holding the lock across the file write is deliberate: it is what makes the
 * order global, and appends are serialised by the file anyway. Nothing here blocks on a client: outboxes
 * never block, and a member whose outbox overflows is dropped on the spot.
 *
 * <p>The room answers the commands it handles by queueing the reply itself, because where the reply lands
 * in the member's queue is part of that ordering. Thread-safe. Lock order: {@link #lock}, then the history's
 * append lock, then an outbox's lock.
 */
public final class Room implements Chat {
    private static final System.Logger LOG = System.getLogger(Room.class.getName());
    private static final byte[] ACK = Reply.ACK.encode();

    private final History history;
    private final Clock clock;
    private final ServerEvents events;
    private final int replayLines;
    private final ReentrantLock lock = new ReentrantLock();
    /** By {@link ChatName#key()}. Guarded by lock. */
    private final Map<String, Member> members = new HashMap<>();
    /** Guarded by lock. */
    private boolean closed;
    /** Guarded by lock; only for logging and the metric on a change. */
    private boolean historyWritable = true;

    public Room(History history, Clock clock, ServerEvents events, int replayLines) {
        this.history = history;
        this.clock = clock;
        this.events = events;
        this.replayLines = replayLines;
    }

    /** {@code name}: joins, or renames a member who has joined. */
    @Override
    public Reply name(Member member, ChatName name) {
        lock.lock();
        try {
            return member.name().isPresent() ? rename(member, name) : join(member, name);
        } finally {
            lock.unlock();
        }
    }

    /** {@code text}: appends the message, sends it to everyone (the sender too), and ACKs it once durable. */
    @Override
    public Reply say(Member member, Command.Text text) {
        long started = System.nanoTime();
        long end;
        int receivers;
        lock.lock();
        try {
            Optional<Reply.Error> refused = refuseIfClosedOrOut(member);
            if (refused.isPresent()) {
                return member.reply(refused.get());
            }
            byte[] line = encode(new PushedLine.Message(now(), member.name().orElseThrow().display(), text.message()));
            Optional<Long> appended = append(line);
            if (appended.isEmpty()) {
                return member.reply(new Reply.Error(Problem.HISTORY_UNAVAILABLE,
                        "history unavailable: the message was not sent, try again later"));
            }
            end = appended.get();
            receivers = deliverToAll(line);
        } finally {
            lock.unlock();
        }
        // Counted before the ACK is queued, so a scrape made after the client read its ACK includes the message.
        events.messageBroadcast(receivers, System.nanoTime() - started);
        if (history.fsync() == FsyncPolicy.BATCH) {
            member.outbox().offer(new DurableAck(end)); // the writer fsyncs (shared with others), then ACKs
        } else {
            member.outbox().offer(ACK); // NEVER: written is enough; ALWAYS: append() already forced it
        }
        return Reply.ACK;
    }

    /** Nothing to wait for: here a member's own line is queued to it before its ACK (see {@link #say}). */
    @Override
    public void awaitOwnLines(Member member) {
    }

    /** {@code hist}: the history below this moment, then the ACK; allowed before joining too. */
    @Override
    public Reply history(Member member, Command.Hist hist) {
        lock.lock();
        try {
            if (member.outbox().offer(new HistorySlice(history.size(), hist.lastLines().orElse(HistorySlice.ALL_LINES)))
                    == Outbox.Offer.QUEUED) {
                member.outbox().offer(ACK);
            }
            return Reply.ACK;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code list}: who is online, as one {@link Roster} line, then the ACK; allowed before joining too.
     * Takes at most {@link Roster#MAX_LISTED_NAMES} names (sorted, for people to read) from the map, so a
     * call costs the same in a room of 10,000 as in a room of 100, and the reply stays under 13 KB.
     */
    @Override
    public Reply list(Member member) {
        lock.lock();
        try {
            List<String> names = new ArrayList<>(Math.min(members.size(), Roster.MAX_LISTED_NAMES));
            for (Member each : members.values()) {
                if (names.size() == Roster.MAX_LISTED_NAMES) {
                    break;
                }
                names.add(each.name().orElseThrow().display());
            }
            names.sort(String.CASE_INSENSITIVE_ORDER);
            byte[] line = (new Roster(members.size(), names).render() + "\n").getBytes(StandardCharsets.UTF_8);
            if (member.outbox().offer(line) == Outbox.Offer.QUEUED) {
                member.outbox().offer(ACK);
            }
            return Reply.ACK;
        } finally {
            lock.unlock();
        }
    }

    /** The member's connection is ending: if it had joined, it leaves and the others are told. */
    @Override
    public void leave(Member member) {
        lock.lock();
        try {
            Optional<ChatName> name = member.name();
            if (name.isEmpty() || !members.remove(name.get().key(), member)) {
                return;
            }
            member.forgetName();
            events.left();
            if (!closed) {
                // A member whose own requests overflowed its queue was dropped, not gone of its own accord.
                publish(member.outbox().isOverflowed() ? PushedLine.Notice.droppedTooSlow(now(), name.get())
                        : PushedLine.Notice.left(now(), name.get()));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the room: no more joins or messages. Returns the shutdown notice, for the caller to send to every
     * connection, joined or not; nothing can be queued after it. The notice is not appended: a stop is news for
     * the clients connected now, not part of the chat, and in the history every restart would add one line
     * that every later joiner replays (issue 20). A cluster node does the same.
     */
    @Override
    public byte[] close() {
        lock.lock();
        try {
            closed = true;
            return encode(PushedLine.Notice.shuttingDown(now()));
        } finally {
            lock.unlock();
        }
    }

    private Reply join(Member member, ChatName name) {
        if (closed) {
            return member.reply(shuttingDown());
        }
        if (members.containsKey(name.key())) {
            return member.reply(nameTaken(name));
        }
        publish(PushedLine.Notice.joined(now(), name));
        member.name(name);
        members.put(name.key(), member);
        events.joined();
        // The ACK goes first and the replay right after it, both before any later line can be queued.
        member.outbox().offer(ACK);
        if (replayLines > 0) {
            member.outbox().offer(new HistorySlice(history.size(), replayLines));
        }
        return Reply.ACK;
    }

    private Reply rename(Member member, ChatName name) {
        ChatName old = member.name().orElseThrow();
        if (closed) {
            return member.reply(shuttingDown());
        }
        if (old.display().equals(name.display())) {
            return member.reply(Reply.ACK);
        }
        Member holder = members.get(name.key());
        if (holder != null && holder != member) {
            return member.reply(nameTaken(name));
        }
        members.remove(old.key(), member);
        member.name(name);
        members.put(name.key(), member);
        publish(PushedLine.Notice.renamed(now(), old, name));
        return member.reply(Reply.ACK);
    }

    /** Appends a notice and sends it to every member. A notice the history cannot take is sent to nobody. */
    private void publish(PushedLine line) {
        byte[] bytes = encode(line);
        if (append(bytes).isPresent()) {
            deliverToAll(bytes);
        }
    }

    /**
     * Queues the line to every member. Members who cannot keep up are dropped, and that is published too:
     * each drop notice is itself a line that may overflow someone else, so the notices are worked off from a
     * list rather than by calling back into this method. Members are only ever removed between passes over
     * {@link #members}, never while one is running, and a dropped member is removed before any notice is
     * sent, so it gets none and is counted once. One global order: the line, then the notices in the order
     * the drops happened.
     *
     * @return how many members the line itself was queued to
     */
    private int deliverToAll(byte[] line) {
        ArrayDeque<ChatName> dropped = new ArrayDeque<>(0);
        int receivers = offerToAll(line, dropped);
        while (!dropped.isEmpty()) {
            byte[] notice = encode(PushedLine.Notice.droppedTooSlow(now(), dropped.removeFirst()));
            if (append(notice).isPresent()) {
                offerToAll(notice, dropped);
            }
        }
        return receivers;
    }

    /** One pass over the members; the ones it overflows are removed after it, and their names added to {@code dropped}. */
    private int offerToAll(byte[] bytes, ArrayDeque<ChatName> dropped) {
        Outgoing.Line line = new Outgoing.Line(bytes); // one for all: the outboxes share it
        int receivers = 0;
        List<Member> tooSlow = new ArrayList<>(0);
        for (Member each : members.values()) {
            switch (each.outbox().offer(line)) {
                case QUEUED -> receivers++;
                case OVERFLOWED -> tooSlow.add(each);
                case CLOSED -> {
                }
            }
        }
        for (Member slow : tooSlow) {
            Optional<ChatName> name = slow.name();
            if (name.isPresent() && members.remove(name.get().key(), slow)) {
                slow.forgetName();
                events.left(); // its connection counts the overflow itself
                LOG.log(System.Logger.Level.WARNING, "{0} ({1}): disconnected, outbound queue overflowed",
                        slow.label(), name.get());
                dropped.addLast(name.get());
            }
        }
        return receivers;
    }

    /** @return the history size after the line, or empty when the history could not take it */
    private Optional<Long> append(byte[] line) {
        try {
            long end = history.append(line);
            if (!historyWritable) {
                historyWritable = true;
                events.historyWritable(true);
                LOG.log(System.Logger.Level.INFO, "history {0} is writable again; text is accepted", history);
            }
            return Optional.of(end);
        } catch (IOException e) {
            if (historyWritable) {
                historyWritable = false;
                LOG.log(System.Logger.Level.ERROR, "history {0} cannot be written ({1}); text is refused until it can",
                        history, e.toString());
            }
            events.historyWritable(false);
            return Optional.empty();
        }
    }

    private Optional<Reply.Error> refuseIfClosedOrOut(Member member) {
        if (closed) {
            return Optional.of(shuttingDown());
        }
        if (member.name().isEmpty()) {
            return Optional.of(new Reply.Error(Problem.NOT_JOINED, "join first: send name followed by your name, e.g. name alice"));
        }
        return Optional.empty();
    }

    private static Reply.Error shuttingDown() {
        return new Reply.Error(Problem.SHUTTING_DOWN, "server is shutting down");
    }

    private static Reply.Error nameTaken(ChatName name) {
        return new Reply.Error(Problem.NAME_TAKEN, "name taken: " + name + " is already in the chat");
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock);
    }

    private static byte[] encode(PushedLine line) {
        return (line.render() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
