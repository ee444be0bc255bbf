package org.netcatchat.server.cluster;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.PushedLine;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.LocalDateTime;
import java.util.List;

/**
 * This node's own lease and its list of members, so that when a node dies the others tell the chat its
 * members have left, exactly once. {@code PREFIX:node:ID} is the node's heartbeat, a key with the same lease as
 * the names ({@link NameLeases#LEASE}, refreshed with them); {@code PREFIX:members:ID} is a hash, connection →
 * display name, of the members joined through it. Every node, at each refresh, looks for member lists whose
 * node has no heartbeat any more, and hands each to one Lua script that — atomically, so whichever node runs it
 * first does it and the others find nothing — appends each member's leave notice to the stream and deletes the
 * list. The names' own leases expire on their own. Thread-safe (the pooled client is).
 */
final class NodeLease {
    private static final String REAP = """
            if redis.call('exists', KEYS[1]) == 1 then return -1 end
            local names = redis.call('hvals', KEYS[2])
            for _, name in ipairs(names) do
                redis.call('xadd', KEYS[3], '*', 'line', ARGV[1] .. name .. ARGV[2])
            end
            redis.call('del', KEYS[2])
            return #names""";
    private final RedisClient redis;
    private final String chatPrefix;
    private final String nodeId;
    private final String logKey;

    NodeLease(RedisClient redis, String chatPrefix, String nodeId, String logKey) {
        this.redis = redis;
        this.chatPrefix = chatPrefix;
        this.nodeId = nodeId;
        this.logKey = logKey;
    }

    /** SET the heartbeat with the lease: at start (before any member joins here) and at every refresh. */
    void beat() {
        redis.set(heartbeat(nodeId), "1", SetParams.setParams().px(NameLeases.LEASE.toMillis()));
    }

    void joined(long connection, ChatName name) {
        redis.hset(members(nodeId), Long.toString(connection), name.display());
    }

    void left(long connection) {
        redis.hdel(members(nodeId), Long.toString(connection));
    }

    /** A stopping node: its members have left one by one; the heartbeat goes with it. */
    void end() {
        redis.del(heartbeat(nodeId), members(nodeId));
    }

    /**
     * Publishes the leave notices of every dead node's members, each once across the cluster.
     *
     * @return how many leave notices this call appended
     */
    int reapDeadNodes(LocalDateTime now) {
        String before = new PushedLine.Notice(now, "").render(); // "[time] "
        String after = PushedLine.Notice.left(now, new ChatName("x")).render().substring(before.length() + 1);
        String listPrefix = chatPrefix + ":members:";
        ScanParams params = new ScanParams().match(listPrefix + "*").count(500);
        int reaped = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            for (String list : page.getResult()) {
                String node = list.substring(listPrefix.length());
                if (!node.equals(nodeId)) {
                    Object count = redis.eval(REAP, List.of(heartbeat(node), list, logKey), List.of(before, after));
                    if (count instanceof Long n && n > 0) {
                        reaped += n.intValue();
                    }
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return reaped;
    }

    private String heartbeat(String node) {
        return chatPrefix + ":node:" + node;
    }

    private String members(String node) {
        return chatPrefix + ":members:" + node;
    }
}
