package org.netcatchat.server.cluster;

import org.netcatchat.server.logging.Units;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.Reply;
import org.netcatchat.protocol.Roster;
import org.netcatchat.server.history.CleanLines;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.HistorySlice;
import org.netcatchat.server.outbox.Outbox;
import org.netcatchat.server.outbox.Outgoing;
import org.netcatchat.server.room.Chat;
import org.netcatchat.server.room.Member;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.StreamEntry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * This node's share of a chat whose order is a Redis stream. A command appends its line ({@code XADD}) and
 * returns; the line reaches the local members, the sender included, only when the {@link Follower} meets it in
 * the stream ({@link #deliver}), so every client on every node sees the stream's order.
 *
 * <ul>
 *   <li>{@code text} is ACKed once {@code XADD} has returned; that ACK may reach the sender before or after
 *       its own echo (docs/PROTOCOL.md). A failed {@code XADD} is {@code ERR history unavailable}: never an ACK
 *       without the line in the stream.</li>
 *   <li>A join takes the name's lease, appends the join notice tagged with {@code NODE:CONNECTION}, and waits
 *       until the follower meets that entry: the follower then queues the ACK and the replay (the last
 *       {@code --replay-lines} entries up to and including the join notice) and attaches the member, so every
 *       later entry is live. No entry twice, none skipped, from whichever node it came.</li>
 *   <li>{@code hist} is a slice of the stream below the last entry this node delivered, read by the sender in
 *       pages ({@link StreamHistory}); {@code list} counts the name leases of the whole cluster.</li>
 *   <li>Closing this node is no event of the chat: the shutdown notice goes to this node's connections only,
 *       and each of its members' leave notice to everyone.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #lock} guards the maps below and is never held across a Redis call; it may be held
 * while offering to an outbox (a leaf).
 */
final class SharedRoom implements Chat, Follower.Target {
    private static final System.Logger LOG = System.getLogger(SharedRoom.class.getName());
    private static final byte[] ACK = Reply.ACK.encode();
    /** How long a join waits for its own entry to come back through the stream before it answers anyway. */
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(10);
    /**
     * How long a leaving member's connection waits for its own last lines to come back through the stream: under
     * the 5 s the terminal client gives a server to close after {@code quit}.
     */
    private static final Duration OWN_LINES_WAIT = Duration.ofSeconds(3);

    private final SharedLog log;
    private final NameLeases names;
    private final NodeLease node;
    private final String nodeId;
    private final Clock clock;
    private final ServerEvents events;
    private final int replayLines;
    private final LongSupplier delivered;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock: every member with a name through this node, attached or still joining. */
    private final Map<Member, ChatName> named = new HashMap<>();
    /** Guarded by lock: by connection id, members whose join entry the follower has not met yet. */
    private final Map<Long, Joining> joining = new HashMap<>();
    /** Guarded by lock: the members who get every entry live. */
    private final Set<Member> attached = new LinkedHashSet<>();
    /** Guarded by lock: the stream position of the last line each member appended (its texts, its renames). */
    private final Map<Member, Long> lastAppended = new HashMap<>();
    /** Guarded by lock: the position of the last entry {@link #deliver} handed out; signalled by {@link #deliveredMore}. */
    private long deliveredHere;
    private final Condition deliveredMore = lock.newCondition();
    /** Guarded by lock. */
    private boolean closed;

    /** A member the follower removed because its outbox overflowed, and the name it had. */
    private record Dropped(Member member, ChatName name) {
    }

    /** A member between its join's XADD and the follower meeting that entry. */
    private record Joining(Member member, CountDownLatch attached) {
    }

    SharedRoom(SharedLog log, NameLeases names, NodeLease node, String nodeId, Clock clock, ServerEvents events,
               int replayLines, LongSupplier delivered) {
        this.log = log;
        this.names = names;
        this.node = node;
        this.nodeId = nodeId;
        this.clock = clock;
        this.events = events;
        this.replayLines = replayLines;
        this.delivered = delivered;
    }

    @Override
    public Reply name(Member member, ChatName name) {
        Optional<ChatName> old;
        lock.lock();
        try {
            if (closed) {
                return member.reply(shuttingDown());
            }
            old = Optional.ofNullable(named.get(member));
        } finally {
            lock.unlock();
        }
        try {
            return old.isPresent() ? rename(member, old.get(), name) : join(member, name);
        } catch (JedisException e) {
            unavailable(e);
            return member.reply(unavailableReply("the name was not taken"));
        }
    }

    private Reply join(Member member, ChatName name) {
        if (!names.take(member.id(), name)) {
            return member.reply(nameTaken(name));
        }
        Joining joiner = new Joining(member, new CountDownLatch(1));
        lock.lock();
        try {
            named.put(member, name);
            joining.put(member.id(), joiner);
        } finally {
            lock.unlock();
        }
        try {
            log.append(render(PushedLine.Notice.joined(now(), name)), Optional.of(nodeId + ":" + member.id()));
        } catch (JedisException e) {
            boolean undone;
            lock.lock();
            try {
                undone = joining.remove(member.id()) != null;
                if (undone) {
                    named.remove(member);
                }
            } finally {
                lock.unlock();
            }
            if (undone) { // else the follower met the entry after all: the join happened
                releaseQuietly(member, name);
                throw e;
            }
        }
        listQuietly(member, name);
        events.joined();
        awaitAttached(member, joiner);
        return Reply.ACK; // queued by the follower, ahead of the replay
    }

    private Reply rename(Member member, ChatName old, ChatName name) {
        if (old.display().equals(name.display())) {
            return member.reply(Reply.ACK);
        }
        boolean sameKey = old.key().equals(name.key());
        if (!(sameKey ? names.respell(member.id(), old, name) : names.take(member.id(), name))) {
            return member.reply(nameTaken(name));
        }
        StreamEntryID notice;
        try {
            notice = log.append(render(PushedLine.Notice.renamed(now(), old, name)), Optional.empty());
        } catch (JedisException e) {
            if (sameKey) {
                names.respell(member.id(), name, old);
            } else {
                releaseQuietly(member, name);
            }
            throw e;
        }
        lock.lock();
        try {
            if (named.replace(member, name) == null) {
                return Reply.ACK; // it left meanwhile (dropped by the follower): nothing more to queue
            }
            lastAppended.put(member, SharedLog.position(notice));
        } finally {
            lock.unlock();
        }
        if (!sameKey) {
            releaseQuietly(member, old);
        }
        listQuietly(member, name);
        return member.reply(Reply.ACK);
    }

    @Override
    public Reply say(Member member, Command.Text text) {
        long started = System.nanoTime();
        ChatName name;
        lock.lock();
        try {
            if (closed) {
                return member.reply(shuttingDown());
            }
            name = named.get(member);
            if (name == null) {
                return member.reply(new Reply.Error(Problem.NOT_JOINED, "join first: send name followed by your name, e.g. name alice"));
            }
        } finally {
            lock.unlock();
        }
        StreamEntryID appended;
        try {
            appended = log.appendMessage(render(new PushedLine.Message(now(), name.display(), text.message())));
        } catch (JedisException e) {
            unavailable(e);
            return member.reply(unavailableReply("the message was not sent, try again later"));
        }
        lock.lock();
        try {
            if (named.containsKey(member)) {
                lastAppended.put(member, SharedLog.position(appended));
            }
        } finally {
            lock.unlock();
        }
        events.messageBroadcast(0, System.nanoTime() - started); // deliveries happen on each node's follower
        member.outbox().offer(ACK); // after XADD returned: the line is in the stream
        return Reply.ACK;
    }

    @Override
    public Reply history(Member member, Command.Hist hist) {
        HistorySlice slice = new HistorySlice(delivered.getAsLong(), hist.lastLines().orElse(HistorySlice.ALL_LINES));
        if (member.outbox().offer(slice) == Outbox.Offer.QUEUED) {
            member.outbox().offer(ACK);
        }
        return Reply.ACK;
    }

    @Override
    public Reply list(Member member) {
        Roster roster;
        try {
            roster = names.roster();
        } catch (JedisException e) {
            unavailable(e);
            return member.reply(unavailableReply("try again later"));
        }
        if (member.outbox().offer((roster.render() + "\n").getBytes(StandardCharsets.UTF_8)) == Outbox.Offer.QUEUED) {
            member.outbox().offer(ACK);
        }
        return Reply.ACK;
    }

    @Override
    public void leave(Member member) {
        ChatName name;
        lock.lock();
        try {
            name = named.remove(member);
            joining.remove(member.id());
            attached.remove(member);
            lastAppended.remove(member);
        } finally {
            lock.unlock();
        }
        if (name != null) {
            events.left();
            publishQuietly(member.outbox().isOverflowed() ? PushedLine.Notice.droppedTooSlow(now(), name)
                    : PushedLine.Notice.left(now(), name));
            releaseQuietly(member, name);
        }
    }

    /**
     * The member quit (or half-closed): its connection is about to send what is queued and close. Its own last
     * lines reach it through the follower, after their ACK maybe, so wait (at most {@link #OWN_LINES_WAIT}) until
     * the follower has handed them out: a client that quits right after its last ACK still gets its echo.
     */
    @Override
    public void awaitOwnLines(Member member) {
        long deadline = System.nanoTime() + OWN_LINES_WAIT.toNanos();
        lock.lock();
        try {
            Long last = lastAppended.get(member);
            while (last != null && deliveredHere < last) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: its own last line has not come back through the stream"
                            + " within {1}; closing without it", member.label(), OWN_LINES_WAIT);
                    return;
                }
                deliveredMore.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing it: no more waiting
        } finally {
            lock.unlock();
        }
    }

    /** This node stops: no more commands here. The notice is for this node's connections only, not the stream. */
    @Override
    public byte[] close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        return (PushedLine.Notice.shuttingDown(now()).render() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The follower met {@code entry}: it goes to every attached member; if it is the join notice of a member
     * joining here, that member gets its ACK and replay and is attached, so the next entry is its first live one.
     */
    @Override
    public void deliver(StreamEntry entry) {
        String text = entry.getFields().get(SharedLog.LINE);
        if (text == null) {
            return; // not ours: nothing to show
        }
        Outgoing.Line line = new Outgoing.Line(clean(text));
        Optional<Joining> joiner = Optional.empty();
        List<Member> tooSlow = new ArrayList<>(0);
        List<Dropped> dropped = new ArrayList<>(0);
        lock.lock();
        try {
            int receivers = 0;
            for (Member each : attached) {
                switch (each.outbox().offer(line)) {
                    case QUEUED -> receivers++;
                    case OVERFLOWED -> tooSlow.add(each);
                    case CLOSED -> {
                    }
                }
            }
            if (SharedLog.MESSAGE.equals(entry.getFields().get(SharedLog.KIND))) {
                events.messageDelivered(receivers); // on every node, for its own clients; the sender's node counted the message
            }
            Optional<Long> joinerHere = joinerHere(entry.getFields().get(SharedLog.JOINER));
            if (joinerHere.isPresent()) {
                joiner = Optional.ofNullable(joining.remove(joinerHere.get()));
                joiner.filter(j -> named.containsKey(j.member())).ifPresent(j -> attach(j.member(), entry));
            }
            deliveredHere = SharedLog.position(entry.getID());
            deliveredMore.signalAll();
            for (Member slow : tooSlow) {
                attached.remove(slow);
                lastAppended.remove(slow);
                ChatName name = named.remove(slow);
                if (name != null) {
                    dropped.add(new Dropped(slow, name));
                }
            }
        } finally {
            lock.unlock();
        }
        joiner.ifPresent(j -> j.attached().countDown());
        for (Dropped each : dropped) {
            events.left(); // its connection counts the overflow itself
            LOG.log(System.Logger.Level.WARNING, "{0} ({1}): disconnected, outbound queue overflowed",
                    each.member().label(), each.name());
            publishQuietly(PushedLine.Notice.droppedTooSlow(now(), each.name()));
            releaseQuietly(each.member(), each.name());
        }
    }

    /** The connection id of a join entry's {@code NODE:CONNECTION} tag when NODE is this node; empty for anything else. */
    private Optional<Long> joinerHere(String tag) {
        if (tag == null || !tag.startsWith(nodeId + ":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(tag.substring(nodeId.length() + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // not written by a node
        }
    }

    /**
     * Another node took this one for dead (it was paused or cut off from Redis past its lease) and published the
     * leave notices of these connections' members: for the chat they are gone. Their connections are closed with
     * a line that says so, and without a second leave notice; their names may belong to someone else by now.
     */
    void reaped(Set<Long> connections) {
        List<Dropped> gone = new ArrayList<>();
        lock.lock();
        try {
            for (Map.Entry<Member, ChatName> each : Map.copyOf(named).entrySet()) {
                Member member = each.getKey();
                if (connections.contains(member.id())) {
                    named.remove(member);
                    joining.remove(member.id());
                    attached.remove(member);
                    lastAppended.remove(member);
                    gone.add(new Dropped(member, each.getValue()));
                }
            }
        } finally {
            lock.unlock();
        }
        byte[] notice = (new PushedLine.Notice(now(), "this server lost contact with the chat for longer than its"
                + " lease, and the others were told you left. Reconnect to chat again.").render() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        for (Dropped each : gone) {
            events.left();
            LOG.log(System.Logger.Level.WARNING, "{0} ({1}): taken for gone by another node while this one did not renew"
                    + " its lease; closing the connection", each.member().label(), each.name());
            releaseQuietly(each.member(), each.name()); // only if still ours
            each.member().outbox().offer(notice);
            each.member().outbox().close();
        }
    }

    /** Renews the lease of every name held here; run by the node every {@link NameLeases#REFRESH}. */
    void refreshLeases() {
        Map<Member, ChatName> snapshot;
        lock.lock();
        try {
            snapshot = Map.copyOf(named);
        } finally {
            lock.unlock();
        }
        snapshot.forEach((member, name) -> {
            try {
                if (!names.refresh(member.id(), name) && !names.take(member.id(), name)) {
                    LOG.log(System.Logger.Level.WARNING, "{0} ({1}): the name''s lease was lost to another member",
                            member.label(), name);
                }
            } catch (JedisException e) {
                unavailable(e);
            }
        });
    }

    /** Guarded by lock: ACK first, then the replay up to and including its join entry; live from here on. */
    private void attach(Member member, StreamEntry joinEntry) {
        member.outbox().offer(ACK);
        if (replayLines > 0) {
            member.outbox().offer(new HistorySlice(SharedLog.position(joinEntry.getID()), replayLines));
        }
        attached.add(member);
    }

    private void awaitAttached(Member member, Joining joiner) {
        try {
            if (!joiner.attached().await(ATTACH_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "{0}: its join notice has not come back through the stream"
                        + " within {1}; it is attached when it does", member.label(), ATTACH_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publishQuietly(PushedLine line) {
        try {
            log.append(render(line), Optional.empty());
        } catch (JedisException e) {
            LOG.log(System.Logger.Level.ERROR, "could not append \"{0}\" to the stream: {1}", line.render(), e.toString());
        }
    }

    /** In this node's member list, for the leave notice should the node die (see {@link NodeLease}). */
    private void listQuietly(Member member, ChatName name) {
        try {
            node.joined(member.id(), name);
        } catch (JedisException e) {
            unavailable(e);
        }
    }

    private void releaseQuietly(Member member, ChatName name) {
        try {
            node.left(member.id());
        } catch (JedisException e) {
            unavailable(e);
        }
        try {
            names.release(member.id(), name);
        } catch (JedisException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: could not release the name {1} ({2}); its lease expires in {3}",
                    member.label(), name, e.toString(), Units.seconds(NameLeases.LEASE));
        }
    }

    private static void unavailable(JedisException e) {
        LOG.log(System.Logger.Level.WARNING, "Redis: {0}", e.toString());
    }

    /** The text hygiene of docs/PROTOCOL.md for a line read from the shared stream, which anything could write. */
    private static byte[] clean(String text) {
        byte[] raw = (text + "\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 16);
        try {
            CleanLines clean = new CleanLines(out);
            clean.write(raw, 0, raw.length);
            clean.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return out.toByteArray();
    }

    private static Reply.Error unavailableReply(String what) {
        return new Reply.Error(Problem.HISTORY_UNAVAILABLE, "history unavailable: " + what);
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

    private static String render(PushedLine line) {
        return line.render();
    }
}
