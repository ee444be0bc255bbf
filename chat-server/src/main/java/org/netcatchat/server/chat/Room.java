package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.RoomName;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.HistorySlice;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One named room: its log, and its members ({@link Members}, the same kind the lobby has). It is its log's reader:
 * every line of the room reaches its attached members in the log's one order, and a joiner is attached at its own
 * join notice, after its ACK and its replay, exactly as in the lobby. A member the room's line overflows is
 * removed here and its drop announced in this room (the append is nested, so it follows in this log's order); its
 * connection ends, and its leave announces it in its other rooms ({@link Rooms#leaveAll}), so no room's lock is
 * ever taken while delivering another's. Thread-safe.
 */
final class Room implements Log.Reader {
    private static final System.Logger LOG = System.getLogger(Room.class.getName());

    private final RoomName name;
    private final Log log;
    private final Members seats = new Members();
    private final Replies replies;
    private final ServerEvents events;
    private final Clock clock;
    private final int replayLines;
    private final Members.Attach attach = this::attach;
    /** Told when a leave notice coming back takes out the room's last member here: {@link Rooms} closes it later. */
    private final Consumer<Room> emptied;

    Room(RoomName name, Log log, Replies replies, ServerEvents events, Clock clock, int replayLines, Consumer<Room> emptied) {
        this.name = name;
        this.log = log;
        this.emptied = emptied;
        this.replies = replies;
        this.events = events;
        this.clock = clock;
        this.replayLines = replayLines;
        log.start(this);
    }

    RoomName name() {
        return name;
    }

    Log log() {
        return log;
    }

    /** A new member, joining: it gets the room's lines from its own join notice on. */
    Membership seat(Member member, ChatName as) {
        Membership seat = new Membership(member, as);
        seats.add(seat);
        return seat;
    }

    /** A join whose notice could not be appended: @return false when it was attached after all */
    boolean unseat(Membership seat) {
        return seats.removeJoining(seat);
    }

    Optional<Membership> remove(long id) {
        return seats.remove(id);
    }

    void rename(long id, ChatName to) {
        seats.rename(id, to);
    }

    /** This server's members, attached, joining or leaving: a room with none is closed (it keeps its history). */
    int size() {
        return seats.size();
    }

    /** The member's own line is at {@code position}: a leave waits for it to come back ({@link #awaitOwnLines}). */
    void appended(long id, long position) {
        seats.appended(id, position);
    }

    boolean awaitOwnLines(long id, Duration wait) throws InterruptedException {
        return seats.awaitOwnLines(id, wait);
    }

    /** The join notice; the joiner is attached when it comes back. */
    void appendJoin(Member member, ChatName who) throws IOException {
        log.append(Log.Entry.about(Log.Kind.JOIN, () -> PushedLine.RoomNotice.joined(now(), name, who), member.id()));
    }

    long appendMessage(ChatName sender, String message) throws IOException {
        String from = sender.display();
        return log.append(Log.Entry.message(() -> new PushedLine.RoomMessage(now(), name, from, message)));
    }

    /**
     * The member leaves the room (a part, or its leave of the server): its notice is appended, and the member is
     * taken out as that notice is delivered, before it is queued to anyone. So it got every line of the room before
     * its notice and none after, as a joiner gets every line from its own notice on, and the room's file says
     * exactly what it was sent. Nothing when it is no member any more (dropped meanwhile: announced then; a drop
     * racing this, between the look and the append, would give it both notices). A notice the log cannot take is
     * logged, and the member taken out anyway.
     */
    void leave(long id, BiFunction<LocalDateTime, ChatName, PushedLine.RoomNotice> notice, String about) {
        Optional<ChatName> who = seats.markLeaving(id);
        if (who.isEmpty()) {
            return;
        }
        if (!appendNotice(Log.Entry.about(Log.Kind.LEAVE, () -> notice.apply(now(), who.get()), id), about)) {
            seats.removeLeaving(id);
        }
    }

    /**
     * A notice nobody answers for (a leave, a drop): one the log cannot take is logged, and sent to nobody.
     *
     * @return false when the log could not take it
     */
    private boolean appendNotice(Log.Entry notice, String about) {
        try {
            log.append(notice);
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: could not append the notice about {1} to {2}: {3}", name, about,
                    log, e.toString());
            return false;
        }
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock);
    }

    @Override
    public void deliver(Log.Delivered entry) {
        if (entry.kind() == Log.Kind.LEAVE && entry.memberHere().isPresent()) {
            seats.removeLeaving(entry.memberHere().getAsLong()); // its own notice is the first line it does not get
            if (seats.size() == 0) {
                emptied.accept(this);
            }
        }
        Members.Fanout fanout = seats.deliver(entry.line(), entry.position(),
                entry.kind() == Log.Kind.JOIN ? entry.memberHere() : OptionalLong.empty(), attach);
        if (entry.kind() == Log.Kind.MESSAGE) {
            events.roomMessageDelivered(fanout.receivers());
        }
        for (Membership slow : fanout.tooSlow()) {
            LOG.log(System.Logger.Level.WARNING, "{0} ({1}): disconnected, outbound queue overflowed in {2}",
                    slow.member.label(), slow.name, name);
            appendNotice(new Log.Entry(() -> PushedLine.RoomNotice.droppedTooSlow(now(), name, slow.name),
                    Log.Kind.NOTICE, OptionalLong.empty()), slow.member.label());
        }
    }

    /** Under the seats' lock, as its join notice is delivered: ACK first, then the replay up to and including it. */
    private void attach(Membership joiner, long joinPosition) {
        events.roomJoined();
        replies.queueJoin(joiner.member, replayLines > 0
                ? Optional.of(new HistorySlice(log, joinPosition, replayLines)) : Optional.empty());
        joiner.attachedLatch.countDown();
    }

    /** Only the lobby's chat is told this; it takes those members out of every room ({@link Rooms#leaveAll}). */
    @Override
    public void goneElsewhere(Set<Long> connections) {
    }

    @Override
    public String toString() {
        return name.toString();
    }
}
