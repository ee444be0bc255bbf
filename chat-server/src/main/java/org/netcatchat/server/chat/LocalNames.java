package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Roster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** The names of a single server: a map from {@link ChatName#key()} to its holder. Thread-safe; {@link #lock} is a leaf. */
public final class LocalNames implements Names {
    private record Holder(long connection, ChatName name) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock. */
    private final Map<String, Holder> held = new HashMap<>();

    @Override
    public boolean take(long connection, ChatName name) {
        lock.lock();
        try {
            return held.putIfAbsent(name.key(), new Holder(connection, name)) == null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean respell(long connection, ChatName old, ChatName renamed) {
        lock.lock();
        try {
            return held.replace(old.key(), new Holder(connection, old), new Holder(connection, renamed));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(long connection, ChatName name) {
        lock.lock();
        try {
            held.remove(name.key(), new Holder(connection, name));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes at most {@link Roster#MAX_LISTED_NAMES} names (sorted, for people to read), so a call costs the same
     * with 10,000 online as with 100, and the reply stays under 13 KB.
     */
    @Override
    public Roster roster() {
        List<String> names;
        int online;
        lock.lock();
        try {
            online = held.size();
            names = new ArrayList<>(Math.min(online, Roster.MAX_LISTED_NAMES));
            for (Holder each : held.values()) {
                if (names.size() == Roster.MAX_LISTED_NAMES) {
                    break;
                }
                names.add(each.name().display());
            }
        } finally {
            lock.unlock();
        }
        names.sort(String.CASE_INSENSITIVE_ORDER);
        return new Roster(online, names);
    }
}
