package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Roster;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link Names}, plus which names each member of this server holds there. A name is let go when the notice that
 * ends its use (the member's rename or leave) is delivered, before anyone receives it: whoever reads "alice has
 * left" can take {@code alice} at once. Between taking a new name and that notice coming back a member holds two.
 * Thread-safe; {@link #lock} is a leaf and never held across a call to {@link Names}.
 */
final class HeldNames {
    private final Names names;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock: by connection id, the names it holds (each in the spelling {@link Names} has). */
    private final Map<Long, Set<ChatName>> held = new HashMap<>();

    HeldNames(Names names) {
        this.names = names;
    }

    boolean take(long connection, ChatName name) throws IOException {
        if (!names.take(connection, name)) {
            return false;
        }
        lock.lock();
        try {
            held.computeIfAbsent(connection, id -> new HashSet<>(2)).add(name);
        } finally {
            lock.unlock();
        }
        return true;
    }

    boolean respell(long connection, ChatName old, ChatName renamed) throws IOException {
        if (!names.respell(connection, old, renamed)) {
            return false;
        }
        lock.lock();
        try {
            Set<ChatName> mine = held.computeIfAbsent(connection, id -> new HashSet<>(2));
            mine.remove(old);
            mine.add(renamed);
        } finally {
            lock.unlock();
        }
        return true;
    }

    void release(long connection, ChatName name) {
        lock.lock();
        try {
            Set<ChatName> mine = held.get(connection);
            if (mine != null && mine.remove(name) && mine.isEmpty()) {
                held.remove(connection);
            }
        } finally {
            lock.unlock();
        }
        names.release(connection, name);
    }

    /** Lets go of every name the connection holds but {@code keep} (its name now, if it is still here). */
    void releaseAllBut(long connection, Optional<ChatName> keep) {
        List<ChatName> unused;
        lock.lock();
        try {
            Set<ChatName> mine = held.getOrDefault(connection, Set.of());
            unused = mine.stream().filter(name -> keep.map(k -> !k.equals(name)).orElse(true)).toList();
            if (keep.isPresent() && mine.contains(keep.get())) {
                held.put(connection, new HashSet<>(Set.of(keep.get())));
            } else {
                held.remove(connection);
            }
        } finally {
            lock.unlock();
        }
        unused.forEach(name -> names.release(connection, name));
    }

    Roster roster() throws IOException {
        return names.roster();
    }
}
