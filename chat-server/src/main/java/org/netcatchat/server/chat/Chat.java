package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.Reply;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.HistorySlice;
import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The chat, once for a single server and a cluster: what each command does and answers. It delivers nothing when
 * a command runs: every pushed line is appended to the {@link Log}, and reaches the members, the sender included,
 * when the log hands it back ({@link #deliver}), so every client sees the log's order. A join is the same in both
 * modes: the name is taken from {@link Names}, the join notice appended, and the member attached when that very
 * entry comes back, with its ACK and its replay (the last {@code --replay-lines} lines up to and including its
 * notice) queued ahead of every later line. No line twice, none skipped.
 *
 * <p>A command returns its reply as an {@link Answer}, which {@link Replies} queues and counts. Nothing here blocks
 * on a client: outboxes never block, and a member whose outbox overflows is dropped on the spot, and that is
 * published too. Who is here, and under which name, is {@link Members}'; which names each member holds,
 * {@link HeldNames}'.
 *
 * <p>Past ~300 lines on purpose: it is the lobby's whole logic (join, leave, delivery, drops, a node taken for
 * gone) in one place, which is what lets one set of tests cover both modes; renames are {@link Renaming}'s, the
 * named rooms and private messages {@link Rooms}' and {@link Conversations}'.
 *
 * <p>Thread-safe. Lock order: the local log's order lock (it delivers while holding it), then the members' lock,
 * then an outbox's lock; the names' locks are leaves, never held with the members' lock.
 */
public final class Chat implements Log.Reader {
    private static final System.Logger LOG = System.getLogger(Chat.class.getName());
    /**
     * How long a leaving member's connection waits for its own last lines to come back from the log: under the
     * 5 s the terminal client gives a server to close after {@code quit}.
     */
    private static final Duration OWN_LINES_WAIT = Duration.ofSeconds(3);

    private final Log log;
    private final HeldNames names;
    private final Clock clock;
    private final ServerEvents events;
    private final Replies replies;
    private final int replayLines;
    private final Members members = new Members();
    private final AbandonedJoins abandonedJoins = new AbandonedJoins();
    private final Members.Attach attach = this::attach;
    /** The named rooms; empty where their logs are not served (a cluster, for now). */
    private final Optional<Rooms> rooms;
    private final OtherNodes otherNodes;
    private final Conversations conversations;

    /** The chat over a backend's parts: its lobby's log and names, its rooms' logs and rosters, its other nodes. */
    public Chat(Backend backend, RoomLimits limits, Clock clock, ServerEvents events, int replayLines) {
        this(backend.log(), backend.names(), Optional.of(backend.roomLogs()), backend.roomRosters(), backend.otherNodes(), limits,
                clock, events, replayLines);
    }

    /** Only the lobby: no named rooms, and no private messages (for tests and benchmarks of the lobby alone). */
    public Chat(Log log, Names names, Clock clock, ServerEvents events, int replayLines) {
        this(log, names, Optional.empty(), RoomLimits.DEFAULT, clock, events, replayLines);
    }

    /** A single server's chat over these logs and names (for tests: rooms with their rosters in a map). */
    public Chat(Log log, Names names, Optional<RoomLogs> roomLogs, RoomLimits limits, Clock clock, ServerEvents events,
                int replayLines) {
        this(log, names, roomLogs, new LocalRoomRosters(), OtherNodes.NONE, limits, clock, events, replayLines);
    }

    private Chat(Log log, Names names, Optional<RoomLogs> roomLogs, RoomRosters rosters, OtherNodes otherNodes,
                 RoomLimits limits, Clock clock, ServerEvents events, int replayLines) {
        this.log = log;
        this.names = new HeldNames(names);
        this.clock = clock;
        this.events = events;
        this.replies = new Replies(events);
        this.replayLines = replayLines;
        this.rooms = roomLogs.map(logs -> new Rooms(logs, rosters, limits, replies, events, clock, replayLines));
        this.otherNodes = otherNodes;
        this.conversations = new Conversations(this, rooms);
    }

    /**
     * The commands of protocol version 2 ({@code join}, {@code part}, {@code tell}, {@code room}, {@code list#room},
     * {@code hist#room}): the named rooms and private messages.
     */
    public Conversations conversations() {
        return conversations;
    }

    /** Where every reply of this chat is queued: for the sessions, and for the writers' durable ACKs. */
    public Replies replies() {
        return replies;
    }

    /** The member's name while it has one. */
    public Optional<ChatName> nameOf(Member member) {
        return members.nameOf(member.id());
    }

    /** The member of this server attached under {@code name} (compared by key), if any: for an operator's kick. */
    public Optional<Member> memberNamed(ChatName name) {
        return members.memberNamed(name);
    }

    /** {@code name}: joins, or renames a member who has joined. */
    public Answer name(Member member, ChatName name) {
        if (members.closed()) {
            return Answer.error(shuttingDown());
        }
        Optional<ChatName> old = members.nameOf(member.id());
        return old.isPresent() ? Renaming.rename(this, member, old.get(), name) : join(member, name);
    }

    /** {@code text}: appends the message, and ACKs it once it is in the log (and durable, as {@code --fsync} says). */
    public Answer say(Member member, Command.Text text) {
        long started = System.nanoTime();
        Members.Speaker speaker = members.speaker(member.id());
        if (speaker.closed()) {
            return Answer.error(shuttingDown());
        }
        Optional<ChatName> name = speaker.name();
        if (name.isEmpty()) {
            return Answer.error(NOT_JOINED);
        }
        long position;
        try {
            String sender = name.get().display();
            position = log.append(Log.Entry.message(() -> new PushedLine.Message(now(), sender, text.message())));
        } catch (Log.NotConfirmed e) {
            return Answer.error(NOT_CONFIRMED);
        } catch (IOException e) {
            return unavailable("the message was not sent, try again later");
        }
        members.appended(member.id(), position);
        // Counted before the ACK is queued, so a scrape made after the client read its ACK includes the message.
        events.messageSent(System.nanoTime() - started);
        return log.syncsLater() ? new Answer.WhenDurable(log, position) : Answer.ACK;
    }

    /** {@code hist}: the log up to the last line delivered here, then the ACK; allowed before joining too. */
    public Answer history(Member member, Command.Hist hist) {
        return new Answer.WithBody(new HistorySlice(log, Math.max(0, log.delivered()),
                hist.lastLines().orElse(HistorySlice.ALL_LINES)));
    }

    /** {@code list}: who is online (in a cluster: on every node), as one line, then the ACK; allowed before joining too. */
    public Answer list(Member member) {
        try {
            return new Answer.WithBody(new Outgoing.Line((names.roster().render() + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return unavailable("try again later");
        }
    }

    /**
     * The member quit (or half-closed): its connection is about to send what is queued and close. Its own last
     * lines may come back from the log after their ACK (in a cluster), so wait, at most {@link #OWN_LINES_WAIT},
     * until they have been delivered: a client that quits right after its last ACK still gets its echo.
     */
    public void awaitOwnLines(Member member) {
        try {
            long started = System.nanoTime();
            boolean inTime = members.awaitOwnLines(member.id(), OWN_LINES_WAIT);
            Duration left = OWN_LINES_WAIT.minusNanos(System.nanoTime() - started);
            if (inTime && rooms.isPresent()) {
                inTime = rooms.get().awaitOwnLines(member, left.isNegative() ? Duration.ZERO : left);
            }
            if (!inTime) {
                LOG.log(System.Logger.Level.WARNING, "{0}: its own last line has not come back from the log within"
                        + " {1}; closing without it", member.label(), OWN_LINES_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing it: no more waiting
        }
    }

    /** The member's connection is ending: if it has a name, it leaves, and the others are told. */
    public void leave(Member member) {
        leaveAt(member);
    }

    /**
     * {@code quit}: leaves before the connection closes, and waits (at most {@link #OWN_LINES_WAIT}) until its leave
     * notice is delivered here, which is when its name is let go: so a client that has read the close can take its
     * name again at once, on this server (where the local log delivers the notice before its append returns) as on
     * a cluster (where the notice comes back from the stream).
     */
    public void quit(Member member) {
        OptionalLong position = leaveAt(member);
        if (position.isEmpty()) {
            return;
        }
        try {
            if (!members.awaitDelivered(position.getAsLong(), OWN_LINES_WAIT)) {
                LOG.log(System.Logger.Level.WARNING, "{0}: its leave notice has not come back from the log within {1};"
                        + " closing, its name is let go when it does", member.label(), OWN_LINES_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing it: no more waiting
        }
    }

    /** Leaves, if it has a name; the position of its leave notice, if one was appended. */
    private OptionalLong leaveAt(Member member) {
        // During a stop a local log gets no leave notices: its readers all stop with this server.
        boolean announce = !members.closed() || log.outlivesThisServer();
        boolean dropped = member.outbox().isOverflowed();
        rooms.ifPresent(named -> named.leaveAll(member, announce, dropped));
        Optional<Membership> gone = members.remove(member.id());
        if (gone.isEmpty()) {
            return OptionalLong.empty();
        }
        if (gone.get().attached) {
            events.left();
        }
        if (announce) {
            // A member whose own requests overflowed its queue was dropped, not gone of its own accord.
            return publishLeave(member, gone.get().name, dropped);
        }
        names.releaseAllBut(member.id(), Optional.empty());
        return OptionalLong.empty();
    }

    /**
     * No more joins or messages. Returns the shutdown notice, for the caller to send to every connection of this
     * server, joined or not. It is not appended: a stop is news for the clients connected now, not part of the
     * chat, and in the history every restart would add one line that every later joiner replays.
     */
    public byte[] close() {
        members.close();
        return encode(PushedLine.Notice.shuttingDown(now()));
    }

    /** After every member has left, before the backend closes: the named rooms' logs close. */
    public void closeRooms() {
        rooms.ifPresent(Rooms::closeLogs);
    }

    /**
     * The log's next entry: to every attached member. A rename or leave of a member of this server first lets go
     * of the names it no longer uses, so whoever reads the notice can take them. A join notice of a member joining
     * here gives that member its ACK and replay and attaches it, so the next entry is its first live one. Members
     * the entry overflows are removed before any notice of their drop is appended, so each gets none and is
     * counted once; the notices follow it in the log, in the order of the drops.
     */
    @Override
    public void deliver(Log.Delivered entry) {
        if (entry.memberHere().isPresent() && (entry.kind() == Log.Kind.RENAME || entry.kind() == Log.Kind.LEAVE)) {
            long id = entry.memberHere().getAsLong();
            names.releaseAllBut(id, members.nameOf(id));
        }
        Optional<Membership> abandoned = entry.kind() == Log.Kind.JOIN && entry.memberHere().isPresent()
                ? abandonedJoins.take(entry.memberHere().getAsLong()) : Optional.empty();
        Members.Fanout fanout = members.deliver(entry.line(), entry.position(),
                entry.kind() == Log.Kind.JOIN ? entry.memberHere() : OptionalLong.empty(), attach);
        if (entry.kind() == Log.Kind.MESSAGE) {
            events.messageDelivered(fanout.receivers()); // on every node, for its own clients
        }
        for (Membership slow : fanout.tooSlow()) {
            events.left(); // its connection counts the overflow itself
            LOG.log(System.Logger.Level.WARNING, "{0} ({1}): disconnected, outbound queue overflowed",
                    slow.member.label(), slow.name);
            publishLeave(slow.member, slow.name, true);
        }
        if (abandoned.isPresent() && members.nameOf(abandoned.get().member.id()).isEmpty()) {
            // Everyone has just read that it joined, and it was told it had not: tell them it is gone.
            LOG.log(System.Logger.Level.WARNING, "{0} ({1}): its join notice came back after the join was given up;"
                    + " appending its leave notice", abandoned.get().member.label(), abandoned.get().name);
            publishLeave(abandoned.get().member, abandoned.get().name, false);
        }
    }

    /**
     * Another node took this one for dead (it was paused or cut off from Redis past its lease) and published the
     * leave notices of these connections' members: for the chat they are gone. Their connections are closed with
     * a line that says so, and without a second leave notice; their names may belong to someone else by now.
     */
    @Override
    public void goneElsewhere(Set<Long> connections) {
        byte[] notice = encode(new PushedLine.Notice(now(), "this server lost contact with the chat for longer than"
                + " its lease, and the others were told you left. Reconnect to chat again."));
        for (Membership each : members.removeAll(connections)) {
            if (each.attached) {
                events.left();
            }
            rooms.ifPresent(named -> named.leaveAll(each.member, false, false)); // their room notices are out too
            LOG.log(System.Logger.Level.WARNING, "{0} ({1}): taken for gone by another node while this one did not"
                    + " renew its lease; closing the connection", each.member.label(), each.name);
            names.releaseAllBut(each.member.id(), Optional.empty()); // only those still ours
            each.member.outbox().offer(notice);
            each.member.outbox().close();
        }
    }

    private Answer join(Member member, ChatName name) {
        try {
            if (!names.take(member.id(), name)) {
                return Answer.error(nameTaken(name));
            }
        } catch (IOException e) {
            return unavailable("you have not joined, try again later");
        }
        Membership joiner = new Membership(member, name);
        members.add(joiner);
        try {
            log.append(Log.Entry.about(Log.Kind.JOIN, () -> PushedLine.Notice.joined(now(), name), member.id()));
        } catch (IOException e) {
            // Unless its notice came back after all (Redis took the XADD): then the member has joined.
            if (!joiner.attachedDespite(e) && members.removeJoining(joiner)) {
                names.release(member.id(), name);
                if (e instanceof Log.NotConfirmed) {
                    abandonedJoins.add(joiner); // if its notice comes back later still, a leave notice follows it
                }
                return unavailable("you have not joined, try again later");
            }
        }
        LOG.log(System.Logger.Level.INFO, "{0}: joined as {1}", member.label(), name);
        joiner.awaitAttached(log);
        return new Answer.QueuedAtJoin();
    }

    /** Under the members' lock, as its join entry is delivered: ACK first, then the replay up to and including it. */
    private void attach(Membership joiner, long joinPosition) {
        events.joined();
        replies.queueJoin(joiner.member, replayLines > 0
                ? Optional.of(new HistorySlice(log, joinPosition, replayLines)) : Optional.empty());
        joiner.attachedLatch.countDown();
    }


    /**
     * Appends a leave or drop notice, which nobody answers for; its delivery lets go of the member's names. One the
     * log cannot take is logged and sent to nobody, and the names are let go at once.
     *
     * @return the notice's position, or empty when it could not be appended
     */
    OptionalLong publishLeave(Member member, ChatName name, boolean dropped) {
        try {
            return OptionalLong.of(log.append(Log.Entry.about(Log.Kind.LEAVE, () -> dropped ? PushedLine.Notice.droppedTooSlow(now(), name)
                    : member.removal().map(why -> PushedLine.Notice.removed(now(), name, why))
                    .orElseGet(() -> PushedLine.Notice.left(now(), name)), member.id())));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "{0} ({1}): could not append its leave notice to {2}: {3}", member.label(),
                    name, log, e.toString());
            names.releaseAllBut(member.id(), Optional.empty());
            return OptionalLong.empty();
        }
    }

    Log log() {
        return log;
    }

    HeldNames names() {
        return names;
    }

    Members members() {
        return members;
    }

    Optional<Rooms> rooms() {
        return rooms;
    }

    OtherNodes otherNodes() {
        return otherNodes;
    }

    ServerEvents events() {
        return events;
    }

    /** "history unavailable" means not sent, so a client may send again; this one means it must not. */
    static final Reply.Error NOT_CONFIRMED = new Reply.Error(Problem.NOT_CONFIRMED, "not confirmed: the chat's"
            + " store did not answer in time; the message may have been sent: do not send it again");

    static final Reply.Error NOT_JOINED = new Reply.Error(Problem.NOT_JOINED,
            "join first: send name followed by your name, e.g. name alice");

    static Answer unavailable(String what) {
        return Answer.error(new Reply.Error(Problem.HISTORY_UNAVAILABLE, "history unavailable: " + what));
    }

    static Reply.Error shuttingDown() {
        return new Reply.Error(Problem.SHUTTING_DOWN, "server is shutting down");
    }

    static Reply.Error nameTaken(ChatName name) {
        return new Reply.Error(Problem.NAME_TAKEN, "name taken: " + name + " is already in the chat");
    }

    LocalDateTime now() {
        return LocalDateTime.now(clock);
    }

    static byte[] encode(PushedLine line) {
        return (line.render() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
