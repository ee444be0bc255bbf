package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.Reply;
import org.netcatchat.protocol.RoomCount;
import org.netcatchat.protocol.RoomName;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.HistorySlice;
import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The named rooms of this server, and which rooms each member is in (the lobby is {@link Chat}'s). A room is open
 * while it has a member; emptied, it keeps its history, and its log stays open among the last
 * {@link #IDLE_LOGS_KEPT} emptied rooms, so a room people come and go from does not reopen its file each time.
 *
 * <p>Past ~300 lines on purpose: each room command checks and changes the registry under its one lock (limits,
 * membership, opening and closing), and one class keeps that lock's whole use readable in one place.
 *
 * <p>Who is in each room across the chat is {@link RoomRosters}' (a cluster's rooms have members on every node);
 * a room's {@link Members} are this server's only, the ones it delivers to. On a log that hands entries back
 * later (a cluster's stream), a part's member is taken out when its notice comes back, so the room is closed
 * then: the room reports itself emptied, and the next command here closes it ({@link #sweep}).
 *
 * <p>Thread-safe. Lock order: this registry's lock, then a room's log's order lock (a part's notice is appended
 * under the registry lock, so a room cannot close between the notice and the part), then the room's members'
 * lock, then an outbox's. A join appends its notice without the registry lock: its seat keeps the room open.
 * The rosters are called without the registry lock. Whether the chat is stopping is the lobby's to know
 * ({@link Conversations} asks it before every command).
 */
final class Rooms {
    /** Emptied rooms whose logs stay open for the next join: few, so an idle server holds few files open. */
    static final int IDLE_LOGS_KEPT = 32;
    private static final System.Logger LOG = System.getLogger(Rooms.class.getName());

    private final RoomLogs logs;
    private final RoomRosters rosters;
    private final RoomLimits limits;
    private final Replies replies;
    private final ServerEvents events;
    private final Clock clock;
    private final int replayLines;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Guarded by lock: the rooms with a member (or whose last members were just dropped), by name. A member
     * dropped from a room while its line was delivered is still listed in {@link #roomsOf} until its own leave,
     * and the room may have closed meanwhile: every lookup by a member's rooms allows for a room not here.
     */
    private final Map<RoomName, Room> open = new HashMap<>();
    /** Guarded by lock: emptied rooms with their logs still open, least recently emptied first. */
    private final LinkedHashMap<RoomName, Room> idle = new LinkedHashMap<>();
    /** Guarded by lock: by connection id, the rooms each member is in. */
    private final Map<Long, Set<RoomName>> roomsOf = new HashMap<>();
    /** Rooms whose last member here was taken out as its leave notice came back: closed at the next {@link #sweep}. */
    private final Queue<Room> emptied = new ConcurrentLinkedQueue<>();

    Rooms(RoomLogs logs, RoomRosters rosters, RoomLimits limits, Replies replies, ServerEvents events, Clock clock,
          int replayLines) {
        this.logs = logs;
        this.rosters = rosters;
        this.limits = limits;
        this.replies = replies;
        this.events = events;
        this.clock = clock;
        this.replayLines = replayLines;
    }

    /**
     * {@code join#room} by a member named {@code as}: the limits are checked and a seat taken under the lock;
     * the notice is appended after it, and the member attached (ACK, replay) when the notice comes back.
     * {@code mayOpen} is asked only when the join would open a room nobody is in: the address's creation budget.
     */
    Answer join(Member member, ChatName as, RoomName name, BooleanSupplier mayOpen) {
        Room room;
        Membership seat;
        lock.lock();
        try {
            sweep();
            Set<RoomName> mine = roomsOf.getOrDefault(member.id(), Set.of());
            if (mine.contains(name)) {
                return Answer.error(new Reply.Error(Problem.ALREADY_IN_ROOM, "already in " + name));
            }
            if (mine.size() >= limits.perMember()) {
                return Answer.error(new Reply.Error(Problem.ROOM_LIMIT, "too many rooms: you are in " + mine.size()
                        + ", the most one member may be in; part one first"));
            }
            room = open.get(name);
            if (room == null) {
                if (open.size() >= limits.open()) {
                    return Answer.error(new Reply.Error(Problem.ROOM_LIMIT, "too many rooms: the server has "
                            + open.size() + " open, the most it keeps"));
                }
                if (!mayOpen.getAsBoolean()) {
                    return Answer.error(new Reply.Error(Problem.RATE_LIMITED,
                            "rate limited: too many new rooms from your address, try again in a minute"));
                }
                room = idle.remove(name);
                if (room == null) {
                    room = new Room(name, logs.open(name), replies, events, clock, replayLines, emptied::add);
                }
                open.put(name, room);
                events.roomsOpen(open.size());
            }
            seat = room.seat(member, as);
            roomsOf.computeIfAbsent(member.id(), id -> new HashSet<>(4)).add(name);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: could not open the history of {1}: {2}", member.label(), name,
                    e.toString());
            return Chat.unavailable("you have not joined " + name + ", try again later");
        } finally {
            lock.unlock();
        }
        try {
            rosters.seated(name, member.id(), as);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: could not record that it joined {1}: {2}", member.label(), name,
                    e.toString());
            undoJoin(member, room, seat);
            return Chat.unavailable("you have not joined " + name + ", try again later");
        }
        try {
            room.appendJoin(member, as);
        } catch (IOException e) {
            // Unless its notice came back after all (Redis took the XADD): then the member has joined.
            if (!seat.attachedDespite(e) && undoJoin(member, room, seat)) {
                rosters.unseated(name, member.id());
                return Chat.unavailable("you have not joined " + name + ", try again later");
            }
        }
        LOG.log(System.Logger.Level.INFO, "{0}: joined {1} as {2}", member.label(), name, as);
        seat.awaitAttached(room.log());
        return new Answer.QueuedAtJoin(); // its ACK and replay were queued as its notice came back
    }

    /** A join that did not happen: @return false when it was attached meanwhile (its notice came back after all) */
    private boolean undoJoin(Member member, Room room, Membership seat) {
        lock.lock();
        try {
            if (!room.unseat(seat)) {
                return false;
            }
            Set<RoomName> mine = roomsOf.get(member.id());
            if (mine != null && mine.remove(room.name()) && mine.isEmpty()) {
                roomsOf.remove(member.id());
            }
            closeIfEmpty(room);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** {@code part#room}: the member leaves it, and its members are told. */
    Answer part(Member member, RoomName name) {
        if (roomOf(member, name).isEmpty()) {
            return notIn(name);
        }
        // Out of the roster before its notice is appended: whoever reads the notice no longer finds it in list#room.
        // (A member's commands run one at a time, so nothing joins it again meanwhile.)
        rosters.unseated(name, member.id());
        lock.lock();
        try {
            sweep();
            Set<RoomName> mine = roomsOf.get(member.id());
            if (mine == null || !mine.remove(name)) {
                return notIn(name);
            }
            if (mine.isEmpty()) {
                roomsOf.remove(member.id());
            }
            Room room = open.get(name);
            if (room == null) {
                return notIn(name); // it was dropped from the room, announced then, and the room has closed since
            }
            room.leave(member.id(), (time, who) -> PushedLine.RoomNotice.parted(time, name, who), member.label());
            closeIfEmpty(room);
        } finally {
            lock.unlock();
        }
        LOG.log(System.Logger.Level.INFO, "{0}: parted {1}", member.label(), name);
        return Answer.ACK;
    }

    /** {@code tell#room}: appended to the room's log, and ACKed once there (and durable, as {@code --fsync} says). */
    Answer say(Member member, ChatName as, RoomName name, String message) {
        Optional<Room> room = roomOf(member, name);
        if (room.isEmpty()) {
            return notIn(name);
        }
        long position;
        try {
            position = room.get().appendMessage(as, message);
        } catch (Log.NotConfirmed e) {
            return Answer.error(Chat.NOT_CONFIRMED);
        } catch (IOException e) {
            return Chat.unavailable("the message was not sent, try again later");
        }
        room.get().appended(member.id(), position);
        events.roomMessageSent();
        Log log = room.get().log();
        return log.syncsLater() ? new Answer.WhenDurable(log, position) : Answer.ACK;
    }

    /** {@code hist#room}: for its members only, up to the last line delivered in it. */
    Answer history(Member member, RoomName name, int lines) {
        Optional<Room> room = roomOf(member, name);
        if (room.isEmpty()) {
            return notIn(name);
        }
        Log log = room.get().log();
        return new Answer.WithBody(new HistorySlice(log, Math.max(0, log.delivered()), lines));
    }

    /** {@code list#room}: who is in it, for anyone (as IRC's NAMES); a room nobody is in lists nobody. */
    Answer list(RoomName name) {
        try {
            return new Answer.WithBody(line(rosters.roster(name).render()));
        } catch (IOException e) {
            return Chat.unavailable("try again later");
        }
    }

    /** {@code room}: the lobby with {@code lobbyMembers}, then every room with a member by name, with its count. */
    Answer list(int lobbyMembers) {
        lock.lock();
        try {
            sweep();
        } finally {
            lock.unlock();
        }
        List<RoomCount> counts;
        try {
            counts = new ArrayList<>(rosters.counts());
        } catch (IOException e) {
            return Chat.unavailable("try again later");
        }
        counts.sort(Comparator.comparing(count -> count.room().key()));
        StringBuilder body = new StringBuilder(new RoomCount(RoomName.LOBBY, lobbyMembers).render()).append('\n');
        counts.forEach(count -> body.append(count.render()).append('\n'));
        return new Answer.WithBody(new Outgoing.Line(body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A rename: the member's seats carry the new name, for the notices about it later. */
    void renamed(long id, ChatName to) {
        Set<RoomName> mine;
        lock.lock();
        try {
            mine = Set.copyOf(roomsOf.getOrDefault(id, Set.of()));
            for (RoomName name : mine) {
                Room room = open.get(name);
                if (room != null) { // null: dropped from it, and it has closed since
                    room.rename(id, to);
                }
            }
        } finally {
            lock.unlock();
        }
        mine.forEach(name -> rosters.renamed(name, id, to));
    }

    /**
     * The member's connection is ending: it leaves every room it is in, with a notice in each when
     * {@code announce} (not during a stop: a stop adds nothing to the histories), saying it was dropped when
     * {@code dropped}. A room it was dropped from already got its notice.
     */
    void leaveAll(Member member, boolean announce, boolean dropped) {
        Set<RoomName> mine;
        lock.lock();
        try {
            mine = Set.copyOf(roomsOf.getOrDefault(member.id(), Set.of()));
        } finally {
            lock.unlock();
        }
        mine.forEach(name -> rosters.unseated(name, member.id())); // before the notices, as a part does
        lock.lock();
        try {
            sweep();
            mine = roomsOf.remove(member.id());
            if (mine == null) {
                return;
            }
            for (RoomName name : mine) {
                Room room = open.get(name);
                if (room == null) {
                    continue; // dropped from it (announced then), and it has closed since
                }
                if (announce) {
                    room.leave(member.id(), (time, who) -> dropped
                            ? PushedLine.RoomNotice.droppedTooSlow(time, name, who)
                            : member.removal().map(why -> PushedLine.RoomNotice.removed(time, name, who, why))
                            .orElseGet(() -> PushedLine.RoomNotice.left(time, name, who)), member.label());
                } else {
                    room.remove(member.id());
                }
                closeIfEmpty(room);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The member is leaving: waits, at most {@code wait} in all, until its own last line in each of its rooms has
     * come back from that room's log, so it gets its echo. @return false when the wait ran out
     */
    boolean awaitOwnLines(Member member, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        for (Room room : roomsOf(member)) {
            if (!room.awaitOwnLines(member.id(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    /** After every member has left: closes every room's log. */
    void closeLogs() {
        lock.lock();
        try {
            for (Room room : open.values()) {
                closeLog(room);
            }
            for (Room room : idle.values()) {
                closeLog(room);
            }
            open.clear();
            idle.clear();
        } finally {
            lock.unlock();
        }
    }

    private List<Room> roomsOf(Member member) {
        lock.lock();
        try {
            List<Room> rooms = new ArrayList<>();
            for (RoomName name : roomsOf.getOrDefault(member.id(), Set.of())) {
                Room room = open.get(name);
                if (room != null) {
                    rooms.add(room);
                }
            }
            return rooms;
        } finally {
            lock.unlock();
        }
    }

    /** Guarded by lock: closes the rooms emptied as leave notices came back since the last sweep. */
    private void sweep() {
        for (Room room = emptied.poll(); room != null; room = emptied.poll()) {
            closeIfEmpty(room);
        }
    }

    private Optional<Room> roomOf(Member member, RoomName name) {
        lock.lock();
        try {
            return roomsOf.getOrDefault(member.id(), Set.of()).contains(name)
                    ? Optional.ofNullable(open.get(name)) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Guarded by lock: an emptied room joins the idle ones; past {@link #IDLE_LOGS_KEPT}, the oldest's log closes. */
    private void closeIfEmpty(Room room) {
        if (room.size() > 0 || open.get(room.name()) != room) {
            return;
        }
        open.remove(room.name());
        events.roomsOpen(open.size());
        idle.put(room.name(), room);
        Iterator<Room> oldest = idle.values().iterator();
        while (idle.size() > IDLE_LOGS_KEPT) {
            closeLog(oldest.next());
            oldest.remove();
        }
    }

    private static void closeLog(Room room) {
        try {
            room.log().close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not close the history of {0}: {1}", room, e.toString());
        }
    }

    private static Answer notIn(RoomName name) {
        return Answer.error(new Reply.Error(Problem.NOT_IN_ROOM, "not in " + name + ": join it first with join"
                + name));
    }

    private static Outgoing.Line line(String text) {
        return new Outgoing.Line((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
