package org.netcatchat.server.cluster;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Roster;
import org.netcatchat.server.chat.Names;
import org.netcatchat.server.logging.Units;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A cluster node's names: each one a lease in Redis ({@link NameLeases}), unique across the cluster, and listed
 * in this node's member list ({@link NodeLease}) so that, should the node die, another publishes the holders'
 * leave notices. It remembers which names this node holds, to renew their leases ({@link #refreshAll}).
 * Thread-safe; {@link #lock} is a leaf and never held across a Redis call.
 */
final class LeasedNames implements Names {
    private static final System.Logger LOG = System.getLogger(LeasedNames.class.getName());

    private final NameLeases leases;
    private final NodeLease node;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock: by connection id, the name each connection of this node holds (the newest, mid-rename). */
    private final Map<Long, ChatName> held = new HashMap<>();

    LeasedNames(NameLeases leases, NodeLease node) {
        this.leases = leases;
        this.node = node;
    }

    @Override
    public boolean take(long connection, ChatName name) throws IOException {
        return heldIf(connection, name, () -> leases.take(connection, name));
    }

    @Override
    public boolean respell(long connection, ChatName old, ChatName renamed) throws IOException {
        return heldIf(connection, renamed, () -> leases.respell(connection, old, renamed));
    }

    /** Runs one lease call; when it got the name, the name is held here from now on. */
    private boolean heldIf(long connection, ChatName name, BooleanSupplier lease) throws IOException {
        try {
            if (!lease.getAsBoolean()) {
                return false;
            }
        } catch (JedisException e) {
            throw unavailable(e);
        }
        holds(connection, name);
        return true;
    }

    /** Out of this node's member list only once the connection holds no name here (a rename lets the old one go). */
    @Override
    public void release(long connection, ChatName name) {
        boolean last;
        lock.lock();
        try {
            last = held.remove(connection, name);
        } finally {
            lock.unlock();
        }
        if (last) {
            try {
                node.left(connection);
            } catch (JedisException e) {
                LOG.log(System.Logger.Level.WARNING, "Redis: {0}", e.toString());
            }
        }
        try {
            leases.release(connection, name);
        } catch (JedisException e) {
            LOG.log(System.Logger.Level.WARNING, "connection {0}: could not release the name {1} ({2}); its lease"
                    + " expires in {3}", connection, name, e.toString(), Units.seconds(NameLeases.LEASE));
        }
    }

    @Override
    public Roster roster() throws IOException {
        try {
            return leases.roster();
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    /** Renews the lease of every name held here; run by the node every {@link NameLeases#REFRESH}. */
    void refreshAll() {
        heldNow().forEach((connection, name) -> {
            try {
                if (!leases.refresh(connection, name) && !leases.take(connection, name)) {
                    LOG.log(System.Logger.Level.WARNING, "connection {0} ({1}): the name''s lease was lost to another"
                            + " member", connection, name);
                }
            } catch (JedisException e) {
                LOG.log(System.Logger.Level.WARNING, "Redis: {0}", e.toString());
            }
        });
    }

    /**
     * The node stops: every name still held here is let go now, not when its lease expires. A member's name is
     * let go when its leave notice comes back through the stream, and the follower stops before the last ones may.
     */
    void releaseAll() {
        heldNow().forEach(this::release);
    }

    /** A copy of what is held here, to make Redis calls for without holding the lock. */
    private Map<Long, ChatName> heldNow() {
        lock.lock();
        try {
            return Map.copyOf(held);
        } finally {
            lock.unlock();
        }
    }

    /** Held here, and in this node's member list for the leave notice should the node die. */
    private void holds(long connection, ChatName name) {
        lock.lock();
        try {
            held.put(connection, name);
        } finally {
            lock.unlock();
        }
        try {
            node.joined(connection, name);
        } catch (JedisException e) {
            LOG.log(System.Logger.Level.WARNING, "Redis: {0}", e.toString());
        }
    }

    private static IOException unavailable(JedisException e) {
        LOG.log(System.Logger.Level.WARNING, "Redis: {0}", e.toString());
        return new IOException("Redis: " + e.getMessage(), e);
    }
}
