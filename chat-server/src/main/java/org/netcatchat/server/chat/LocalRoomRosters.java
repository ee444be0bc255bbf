package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.RoomCount;
import org.netcatchat.protocol.RoomName;
import org.netcatchat.protocol.Roster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** A single server's rooms' rosters: a map, room to connection to name. Thread-safe; its lock is a leaf. */
public final class LocalRoomRosters implements RoomRosters {
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock: only rooms with a member. */
    private final Map<RoomName, Map<Long, ChatName>> rooms = new HashMap<>();

    @Override
    public void seated(RoomName room, long connection, ChatName as) {
        lock.lock();
        try {
            rooms.computeIfAbsent(room, r -> new HashMap<>()).put(connection, as);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void unseated(RoomName room, long connection) {
        lock.lock();
        try {
            Map<Long, ChatName> members = rooms.get(room);
            if (members != null && members.remove(connection) != null && members.isEmpty()) {
                rooms.remove(room);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void renamed(RoomName room, long connection, ChatName to) {
        lock.lock();
        try {
            Map<Long, ChatName> members = rooms.get(room);
            if (members != null) {
                members.computeIfPresent(connection, (id, old) -> to);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Roster roster(RoomName room) {
        List<String> names = new ArrayList<>();
        lock.lock();
        try {
            rooms.getOrDefault(room, Map.of()).values().forEach(name -> names.add(name.display()));
        } finally {
            lock.unlock();
        }
        return RoomRosters.of(names);
    }

    @Override
    public List<RoomCount> counts() {
        List<RoomCount> counts = new ArrayList<>();
        lock.lock();
        try {
            rooms.forEach((room, members) -> counts.add(new RoomCount(room, members.size())));
        } finally {
            lock.unlock();
        }
        return counts;
    }
}
