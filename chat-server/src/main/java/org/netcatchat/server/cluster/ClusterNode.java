package org.netcatchat.server.cluster;

import org.netcatchat.server.ServerOptions;
import org.netcatchat.server.accounts.RegisteredNames;
import org.netcatchat.server.chat.Backend;
import org.netcatchat.server.chat.Chat;
import org.netcatchat.server.chat.Log;
import org.netcatchat.server.chat.Names;
import org.netcatchat.server.chat.OtherNodes;
import org.netcatchat.server.chat.RoomLogs;
import org.netcatchat.server.chat.RoomRosters;
import org.netcatchat.server.logging.Units;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.moderation.Bans;
import org.netcatchat.server.moderation.SharedMutes;
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
 * This server as one node of a chat shared through Redis ({@code --cluster}): the chat's parts are the lobby's
 * stream ({@link StreamLog}, followed by one thread), a stream per named room ({@link RoomStreams}, each followed
 * while the room is open here), the name leases ({@link LeasedNames}), the rooms' rosters
 * ({@link SharedRoomRosters}), the private mail between nodes ({@link PrivateMail}), and the thread that keeps
 * this node's leases. The only class of this package the rest of the server names, and only when
 * {@code --cluster} is given, so a single node loads nothing of it (nor of Jedis).
 *
 * <pre>
 *   conn-N-reader ─► Chat ─XADD─► Redis stream PREFIX:log ◄─XREAD BLOCK─ "cluster-follower" ─► Chat.deliver
 *                                                                        in stream order      │
 *                                                      every local member's Outbox ◄──────────┘
 *                    Rooms ─XADD─► PREFIX:room:KEY ◄─XREAD BLOCK─ one follower per room open here ─► Room.deliver
 *                    tell bob ─PUBLISH─► PREFIX:mail:NODE-OF-BOB ─► that node queues it, answers "told"
 *   "cluster-leases" ─ every 5 s: this node's heartbeat PREFIX:node:ID; PEXPIRE PREFIX:name:KEY (if still ours)
 *                      for each local member; the leave notices of dead nodes' members (NodeLease)
 * </pre>
 */
public final class ClusterNode implements Backend {
    private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());

    /** Counting the lag is Redis' work, O(lag): past this many entries the exact number no longer matters. */
    private static final int MAX_COUNTED_LAG = 100_000;

    private final String id;
    private final String keyPrefix;
    private final SharedLog shared;
    private final StreamLog log;
    private final LeasedNames names;
    private final NodeLease lease;
    private final RoomStreams roomStreams;
    private final SharedRoomRosters roomRosters;
    private final PrivateMail mail;
    private final Clock clock;
    private final ServerEvents events;
    private final Thread leases;
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Set once by {@link #start(Chat)}. */
    private volatile Chat chat;

    private ClusterNode(String id, SharedLog shared, String keyPrefix, StreamEntryID start, EntryLines lines,
                        Clock clock, ServerEvents events) {
        this.id = id;
        this.keyPrefix = keyPrefix;
        this.shared = shared;
        this.clock = clock;
        this.events = events;
        this.lease = new NodeLease(shared.redis(), keyPrefix, id, shared.key());
        NameLeases leases = new NameLeases(shared.redis(), keyPrefix, id);
        this.names = new LeasedNames(leases, lease);
        this.log = new StreamLog(shared, id, start, lines, events);
        this.roomStreams = new RoomStreams(shared, keyPrefix, id, lines, events);
        this.roomRosters = new SharedRoomRosters(shared.redis(), keyPrefix, id);
        this.mail = new PrivateMail(shared, leases, keyPrefix, id, lines, events);
        this.leases = Thread.ofVirtual().name("cluster-leases").unstarted(this::keepLeases);
    }

    /**
     * Connects to Redis, and takes the stream's newest entry as where to start following (a node that starts sees
     * only what comes after; its clients get their replay from the stream when they join).
     *
     * @param cluster where Redis is ({@code rediss://} for TLS), the chat's key prefix, and
     *                {@code --history-max-lines}: the stream is trimmed to about that many entries; 0 for never
     * @param maxLineBytes {@code --max-line-bytes}: what bounds a line read from Redis ({@link EntryLines})
     * @throws IOException when Redis cannot be reached: the server does not start
     */
    public static ClusterNode join(ServerOptions.Cluster cluster, int maxLineBytes, Clock clock, ServerEvents events)
            throws IOException {
        String keyPrefix = cluster.keyPrefix();
        SharedLog shared = new SharedLog(cluster.redis(), keyPrefix, cluster.historyMaxLines(), events);
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        StreamEntryID start;
        ClusterNode node;
        try {
            start = shared.newest();
            node = new ClusterNode(id, shared, keyPrefix, start, new EntryLines(maxLineBytes), clock, events);
            node.lease.beat(); // before any member joins here: no other node may take it for dead
        } catch (JedisException e) {
            shared.close();
            throw new IOException("cannot reach Redis at " + cluster.shown() + ": " + e.getMessage(), e);
        }
        events.clusterNode(id);
        LOG.log(System.Logger.Level.INFO, "cluster node {0}: following {1} on {2} from entry {3}", id, shared.key(),
                cluster.shown(), start);
        return node;
    }

    public String id() {
        return id;
    }

    /** The names registered with {@code pass}, for every node: {@code PREFIX:accounts}. */
    public RegisteredNames accounts() {
        return new RedisAccounts(shared.redis(), keyPrefix, events);
    }

    /** The bans, for every node: {@code PREFIX:bans}. */
    public Bans bans() {
        return new RedisBans(shared.redis(), keyPrefix, clock, events);
    }

    /** The mutes, for every node: {@code PREFIX:mute:KEY}. */
    public SharedMutes mutes() {
        return new RedisMutes(shared.redis(), keyPrefix, clock, events);
    }

    @Override
    public Log log() {
        return log;
    }

    @Override
    public Names names() {
        return names;
    }

    @Override
    public RoomLogs roomLogs() {
        return roomStreams;
    }

    @Override
    public RoomRosters roomRosters() {
        return roomRosters;
    }

    @Override
    public OtherNodes otherNodes() {
        return mail;
    }

    @Override
    public void start(Chat chat) {
        this.chat = chat;
        log.start(chat);
        mail.start(chat.conversations());
        leases.start();
    }

    /** A node has no file of its own to reopen. */
    @Override
    public void reopen() {
    }

    /**
     * After the listener has stopped (every member has left, one by one): stops renewing, ends this node's lease
     * (so no other node reaps it), stops following and closes the connections.
     */
    @Override
    public void close() {
        closing.countDown();
        try {
            if (leases.isAlive()) {
                leases.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            lease.end();
        } catch (JedisException e) {
            LOG.log(System.Logger.Level.WARNING, "could not end this node''s lease ({0}); it expires in {1}",
                    e.toString(), Units.seconds(NameLeases.LEASE));
        }
        mail.stop();
        log.close();
        names.releaseAll();
        shared.close();
    }

    /**
     * Every {@link NameLeases#REFRESH}: renews this node's heartbeat and names, and reaps dead nodes. Whether the
     * renewal worked is whether Redis answers this node, which is its readiness. Dead nodes are reaped only after a
     * whole lease of Redis answering this node: after an outage every node shared, every heartbeat has expired, and
     * the first node back would otherwise take all the others for dead (issue 19); within that lease every live node
     * has renewed its own.
     */
    private void keepLeases() {
        long answeringSince = System.nanoTime(); // the node has just beaten: Redis answered
        boolean answering = true;
        try {
            while (!closing.await(NameLeases.REFRESH.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    Set<Long> takenForGone = lease.renew();
                    if (!answering) {
                        answering = true;
                        answeringSince = System.nanoTime();
                        events.redisReachable(true);
                        LOG.log(System.Logger.Level.INFO, "Redis answers again: ready; other nodes are reaped only"
                                + " after {0} more of it answering", Units.seconds(NameLeases.LEASE));
                    }
                    if (!takenForGone.isEmpty()) {
                        chat.goneElsewhere(takenForGone); // before the refresh below, which would take their names back
                    }
                    names.refreshAll();
                    mail.ping();
                    events.clusterLag(shared.countAfter(log.readTo(), MAX_COUNTED_LAG));
                    if (System.nanoTime() - answeringSince >= NameLeases.LEASE.toNanos()) {
                        int reaped = lease.reapDeadNodes(LocalDateTime.now(clock));
                        if (reaped > 0) {
                            LOG.log(System.Logger.Level.INFO, "published the leave notices of {0} members of nodes"
                                    + " that stopped renewing their lease", reaped);
                        }
                    }
                } catch (JedisException e) {
                    events.redisFailed();
                    if (answering) {
                        answering = false;
                        events.redisReachable(false);
                    }
                    LOG.log(System.Logger.Level.WARNING, "renewing leases: {0}; not ready until Redis answers",
                            e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "keeping the name leases failed unexpectedly", e);
        }
    }
}
