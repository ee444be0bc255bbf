package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.server.outbox.Outbox;
import org.netcatchat.server.outbox.Outgoing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Who is in one room on this server (the lobby, or a named {@link Room}): by connection id (and by name), each
 * member's {@link Membership}; the position of the last entry delivered; whether the chat has closed (the
 * lobby's). The room's state, behind its one lock, which is never held across a call to the log or the names;
 * it is held while offering to an outbox (a leaf). Thread-safe.
 *
 * <p>Past ~300 lines on purpose: every operation on the members takes this one lock, and splitting them into
 * several classes would split the lock that keeps a delivery, an attach and a drop atomic.
 */
final class Members {
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever {@link #delivered} grows. */
    private final Condition deliveredMore = lock.newCondition();
    /** Guarded by lock: every member with a name, attached or still joining. */
    private final Map<Long, Membership> byId = new HashMap<>();
    /** Guarded by lock: the same members by {@link ChatName#key()}, for a private message to find its receiver. */
    private final Map<String, Membership> byKey = new HashMap<>();
    /** Written under lock (read without it by {@link #appended}): the position of the last entry delivered. */
    private volatile long delivered = -1;
    /** Guarded by lock. */
    private boolean closed;

    /** What one delivery did: how many members the line was queued to, and the ones it overflowed (removed). */
    record Fanout(int receivers, List<Membership> tooSlow) {
    }

    /** A joiner's turn, as its own join entry is delivered: run under the lock. */
    interface Attach {
        void attach(Membership joiner, long joinPosition);
    }

    /** Whether the chat is closed, and the member's name if it has one: what a {@code text} needs, in one look. */
    record Speaker(boolean closed, Optional<ChatName> name) {
    }

    Speaker speaker(long id) {
        lock.lock();
        try {
            Membership membership = byId.get(id);
            return new Speaker(closed, membership == null ? Optional.empty() : Optional.of(membership.name));
        } finally {
            lock.unlock();
        }
    }

    boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** The attached member of this key's name, if any. */
    Optional<Member> memberNamed(ChatName name) {
        lock.lock();
        try {
            Membership holder = byKey.get(name.key());
            return holder == null || !holder.attached ? Optional.empty() : Optional.of(holder.member);
        } finally {
            lock.unlock();
        }
    }

    Optional<ChatName> nameOf(long id) {
        lock.lock();
        try {
            return Optional.ofNullable(byId.get(id)).map(m -> m.name);
        } finally {
            lock.unlock();
        }
    }

    void add(Membership joiner) {
        lock.lock();
        try {
            byId.put(joiner.member.id(), joiner);
            byKey.put(joiner.name.key(), joiner);
        } finally {
            lock.unlock();
        }
    }

    /** A join undone: @return false when it was attached meanwhile (its entry came back after all) */
    boolean removeJoining(Membership joiner) {
        lock.lock();
        try {
            if (joiner.attached || !byId.remove(joiner.member.id(), joiner)) {
                return false;
            }
            byKey.remove(joiner.name.key(), joiner);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The member's part or leave notice is about to be appended: @return its name, or empty when it is no member
     * (any more)
     */
    Optional<ChatName> markLeaving(long id) {
        lock.lock();
        try {
            Membership membership = byId.get(id);
            if (membership == null) {
                return Optional.empty();
            }
            membership.leaving = true;
            return Optional.of(membership.name);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Its notice came back: the member is taken out, unless it is there again under a new seat (it joined again
     * before its part's notice came back), which stays.
     */
    void removeLeaving(long id) {
        lock.lock();
        try {
            Membership membership = byId.get(id);
            if (membership != null && membership.leaving) {
                unindex(byId.remove(id));
            }
        } finally {
            lock.unlock();
        }
    }

    Optional<Membership> remove(long id) {
        lock.lock();
        try {
            return Optional.ofNullable(unindex(byId.remove(id)));
        } finally {
            lock.unlock();
        }
    }

    List<Membership> removeAll(Set<Long> ids) {
        List<Membership> gone = new ArrayList<>();
        lock.lock();
        try {
            for (long id : ids) {
                Membership each = unindex(byId.remove(id));
                if (each != null) {
                    gone.add(each);
                }
            }
        } finally {
            lock.unlock();
        }
        return gone;
    }

    /**
     * Queues {@code line} to every attached member; then, if {@code joiner} names a member still joining,
     * {@code attach} runs for it (under the lock, so nothing can be queued between its ACK and its replay); then the
     * members the line overflowed are removed, before anything else can be delivered.
     */
    Fanout deliver(Outgoing.Line line, long position, OptionalLong joiner, Attach attach) {
        List<Membership> tooSlow = new ArrayList<>(0);
        int receivers = 0;
        lock.lock();
        try {
            for (Membership each : byId.values()) {
                if (!each.attached) {
                    continue;
                }
                switch (each.member.outbox().offer(line)) {
                    case QUEUED -> receivers++;
                    case OVERFLOWED -> tooSlow.add(each);
                    case CLOSED -> {
                    }
                }
            }
            if (joiner.isPresent()) {
                Membership joining = byId.get(joiner.getAsLong());
                if (joining != null && !joining.attached) {
                    joining.attached = true;
                    attach.attach(joining, position);
                }
            }
            delivered = position;
            deliveredMore.signalAll();
            for (Membership slow : tooSlow) {
                unindex(byId.remove(slow.member.id()));
            }
        } finally {
            lock.unlock();
        }
        return new Fanout(receivers, tooSlow);
    }

    /** A rename, before its notice is appended: @return the name it had, or empty when it left meanwhile */
    Optional<ChatName> rename(long id, ChatName name) {
        lock.lock();
        try {
            Membership membership = byId.get(id);
            if (membership == null) {
                return Optional.empty();
            }
            ChatName old = membership.name;
            renameIndexed(membership, name);
            return Optional.of(old);
        } finally {
            lock.unlock();
        }
    }

    /** A rename whose notice could not be appended: the old name again, if it is still here. */
    void renameUndone(long id, ChatName name, ChatName old) {
        lock.lock();
        try {
            Membership membership = byId.get(id);
            if (membership != null && membership.name.equals(name)) {
                renameIndexed(membership, old);
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many members there are, attached or still joining. */
    int size() {
        lock.lock();
        try {
            return byId.size();
        } finally {
            lock.unlock();
        }
    }

    /** What became of a private message: queued to its receiver; nobody attached by that name; or it overflowed. */
    sealed interface Told {
        record Queued() implements Told {
        }

        record Nobody() implements Told {
        }

        /** The receiver's queue overflowed: it has been removed, and its drop is the caller's to publish. */
        record Overflowed(Membership receiver) implements Told {
        }
    }

    /**
     * A private message from member {@code from} to the attached member named {@code to}: the line {@code render}
     * makes from the receiver's name as it is now is queued to the receiver, then echoed to the sender (once, when
     * they are the same member), under the lock, so a rename cannot come between.
     */
    Told tell(long from, ChatName to, Function<ChatName, Outgoing.Line> render) {
        lock.lock();
        try {
            Membership receiver = byKey.get(to.key());
            if (receiver == null || !receiver.attached) {
                return new Told.Nobody();
            }
            Outgoing.Line line = render.apply(receiver.name);
            if (receiver.member.outbox().offer(line) == Outbox.Offer.OVERFLOWED) {
                unindex(byId.remove(receiver.member.id()));
                return new Told.Overflowed(receiver);
            }
            Membership sender = byId.get(from);
            if (sender != null && sender != receiver) {
                sender.member.outbox().offer(line); // an overflow ends the sender's connection, which then leaves
            }
            return new Told.Queued();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A private line from another node to this server's member {@code id}, if it is still attached under a name of
     * {@code to}'s key: queued to it, nobody else.
     */
    Told tellHere(long id, ChatName to, Outgoing.Line line) {
        lock.lock();
        try {
            Membership receiver = byId.get(id);
            if (receiver == null || !receiver.attached || !receiver.name.key().equals(to.key())) {
                return new Told.Nobody();
            }
            if (receiver.member.outbox().offer(line) == Outbox.Offer.OVERFLOWED) {
                unindex(byId.remove(id));
                return new Told.Overflowed(receiver);
            }
            return new Told.Queued();
        } finally {
            lock.unlock();
        }
    }

    /** The sender's echo of a private line another node queued: an overflow ends its connection, which then leaves. */
    void echo(long id, Outgoing.Line line) {
        lock.lock();
        try {
            Membership sender = byId.get(id);
            if (sender != null) {
                sender.member.outbox().offer(line);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Guarded by lock: takes a removed member out of the name index too. @return it */
    private Membership unindex(Membership gone) {
        if (gone != null) {
            byKey.remove(gone.name.key(), gone);
        }
        return gone;
    }

    /** Guarded by lock. */
    private void renameIndexed(Membership membership, ChatName name) {
        byKey.remove(membership.name.key(), membership);
        membership.name = name;
        byKey.put(name.key(), membership);
    }

    /**
     * The member's own line is at {@code position}. Nothing to note when it has been delivered already (a log that
     * hands back before its append returns, as the local file does): then nobody needs to wait for it.
     */
    void appended(long id, long position) {
        if (position <= delivered) {
            return;
        }
        lock.lock();
        try {
            Membership membership = byId.get(id);
            if (membership != null) {
                membership.lastAppended = Math.max(membership.lastAppended, position);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the entry at {@code position} has been delivered here; false if {@code wait} ran out first. */
    boolean awaitDelivered(long position, Duration wait) throws InterruptedException {
        return awaitDelivery(() -> delivered >= position, wait);
    }

    /**
     * Waits until the member's own last line has been delivered (or it is gone), at most {@code wait}.
     *
     * @return false when the wait ran out
     */
    boolean awaitOwnLines(long id, Duration wait) throws InterruptedException {
        return awaitDelivery(() -> {
            Membership membership = byId.get(id);
            return membership == null || delivered >= membership.lastAppended;
        }, wait);
    }

    /** Under the lock, until {@code done} holds (looked at again after each delivery); false if {@code wait} ran out. */
    private boolean awaitDelivery(BooleanSupplier done, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                deliveredMore.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
