package org.netcatchat.server.cluster;

import org.netcatchat.server.logging.Units;
import org.netcatchat.server.ServerOptions;
import org.netcatchat.server.history.History;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.room.Chat;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * This server as one node of a chat shared through Redis ({@code --cluster}): the shared log, the name leases,
 * the room that appends to the one and the follower that delivers from it, and the thread that keeps this
 * node's names leased. The only class of this package the rest of the server names, and only when
 * {@code --cluster} is given, so a single node loads nothing of it (nor of Jedis).
 *
 * <pre>
 *   conn-N-reader ─► SharedRoom ─XADD─► Redis stream PREFIX:log ◄─XREAD BLOCK─ "cluster-follower"
 *                                                                                  │ in stream order
 *                                            every local member's Outbox ◄─────────┘
 *   "cluster-leases" ─ every 5 s: this node's heartbeat PREFIX:node:ID; PEXPIRE PREFIX:name:KEY (if still ours)
 *                      for each local member; the leave notices of dead nodes' members (NodeLease)
 * </pre>
 */
public final class ClusterNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());

    /** Counting the lag is Redis' work, O(lag): past this many entries the exact number no longer matters. */
    private static final int MAX_COUNTED_LAG = 100_000;

    private final String id;
    private final SharedLog log;
    private final SharedRoom room;
    private final NodeLease lease;
    private final Clock clock;
    private final ServerEvents events;
    private final StreamHistory history;
    private final Follower follower;
    private final Thread leases;
    private final CountDownLatch closing = new CountDownLatch(1);

    private ClusterNode(String id, SharedLog log, String keyPrefix, StreamEntryID start, Clock clock,
                        ServerEvents events, int replayLines) {
        this.id = id;
        this.log = log;
        this.clock = clock;
        NameLeases names = new NameLeases(log.redis(), keyPrefix, id);
        this.lease = new NodeLease(log.redis(), keyPrefix, id, log.key());
        this.room = new SharedRoom(log, names, lease, id, clock, events, replayLines, this::delivered);
        this.follower = new Follower(log, start, room, events);
        this.events = events;
        this.history = new StreamHistory(log, follower::delivered);
        this.leases = Thread.ofVirtual().name("cluster-leases").unstarted(this::keepLeases);
    }

    /**
     * Connects to Redis, and starts following the stream from its newest entry (a node that starts sees only
     * what comes after; its clients get their replay from the stream when they join).
     *
     * @throws IOException when Redis cannot be reached: the server does not start
     */
    public static ClusterNode start(ServerOptions.Cluster options, Clock clock, ServerEvents events, int replayLines)
            throws IOException {
        SharedLog log = new SharedLog(options.redis(), options.keyPrefix(), options.historyMaxLines(), events);
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        StreamEntryID start;
        ClusterNode node;
        try {
            start = log.newest();
            node = new ClusterNode(id, log, options.keyPrefix(), start, clock, events, replayLines);
            node.lease.beat(); // before any member joins here: no other node may take it for dead
        } catch (JedisException e) {
            log.close();
            throw new IOException("cannot reach Redis at " + options.redis() + ": " + e.getMessage(), e);
        }
        events.clusterNode(id);
        node.follower.start();
        node.leases.start();
        LOG.log(System.Logger.Level.INFO, "cluster node {0}: following {1} on {2} from entry {3}", id, log.key(),
                options.redis(), start);
        return node;
    }

    public String id() {
        return id;
    }

    public Chat chat() {
        return room;
    }

    /** The stream as the connections' senders read it: the join replay and {@code hist}. */
    public History history() {
        return history;
    }

    /**
     * After the listener has stopped (every member has left, one by one): stops renewing, ends this node's lease
     * (so no other node reaps it), stops following and closes the connections.
     */
    @Override
    public void close() {
        closing.countDown();
        try {
            leases.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            lease.end();
        } catch (JedisException e) {
            LOG.log(System.Logger.Level.WARNING, "could not end this node''s lease ({0}); it expires in {1}",
                    e.toString(), Units.seconds(NameLeases.LEASE));
        }
        follower.stop();
        log.close();
    }

    /** The position of the last entry this node delivered (what {@code hist} counts as now). */
    private long delivered() {
        return follower.delivered();
    }

    private void keepLeases() {
        try {
            while (!closing.await(NameLeases.REFRESH.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    Set<Long> takenForGone = lease.renew();
                    if (!takenForGone.isEmpty()) {
                        room.reaped(takenForGone); // before the refresh below, which would take their names back
                    }
                    room.refreshLeases();
                    events.clusterLag(log.countAfter(SharedLog.id(follower.delivered()), MAX_COUNTED_LAG));
                    int reaped = lease.reapDeadNodes(LocalDateTime.now(clock));
                    if (reaped > 0) {
                        LOG.log(System.Logger.Level.INFO, "published the leave notices of {0} members of nodes that"
                                + " stopped renewing their lease", reaped);
                    }
                } catch (JedisException e) {
                    events.redisFailed();
                    LOG.log(System.Logger.Level.WARNING, "renewing leases: {0}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "keeping the name leases failed unexpectedly", e);
        }
    }
}
