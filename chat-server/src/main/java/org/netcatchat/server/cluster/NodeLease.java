package org.netcatchat.server.cluster;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.RoomName;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * This node's own lease and its list of members, so that when a node dies the others tell the chat its
 * members have left, exactly once. {@code PREFIX:node:ID} is the node's heartbeat, a key with the same lease as
 * the names ({@link NameLeases#LEASE}, refreshed with them); {@code PREFIX:members:ID} is a hash, connection →
 * display name, of the members joined through it. Every node, at each refresh, looks for member lists whose
 * node has no heartbeat any more, and hands each to one Lua script that — atomically, so whichever node runs it
 * first does it and the others find nothing — appends each member's leave notice to the stream and deletes the
 * list. The same script publishes their leave notices in every named room they were in ({@link SharedRoomRosters}'
 * rooms-of set), in that room's stream, and takes them out of its roster. The names' own leases expire on their
 * own.
 *
 * <p>A node that was only paused (SIGSTOP, a long GC, cut off from Redis) past its lease comes back to find its
 * members reaped while their connections are still open. So the script also leaves their connection ids in
 * {@code PREFIX:reaped:ID}, and the node's next renewal takes that set (atomically with renewing its heartbeat):
 * those members are gone for the chat, and the node closes their connections without a second leave notice
 * ({@code Chat.goneElsewhere}). Thread-safe (the pooled client is).
 */
final class NodeLease {
    /**
     * KEYS: the heartbeat, the member list, the lobby's stream, the reaped set, the rooms-of set; ARGV: the lobby
     * notice's text before and after the name, the reaped set's lifetime, the chat's key prefix, the dead node,
     * the room notice's stamp and its text after the name, then pairs of a member's connection and its name's
     * key. Each room's keys, and each name's lease, are made from the prefix here, as the rooms-of set and the
     * pairs name them (a single Redis, not Redis Cluster: docs/CLUSTER.md).
     *
     * <p>A member whose name is already leased to another connection (its person reconnected to another node,
     * as the terminal client does within seconds, and took the name back when the dead node's lease on it ran
     * out) gets no leave notice, in the lobby or in a room: one now would tell everyone it left after it came
     * back. It is taken out of the lists all the same.
     */
    private static final String REAP = """
            if redis.call('exists', KEYS[1]) == 1 then return -1 end
            local retaken = {}
            for i = 8, #ARGV - 1, 2 do
                local holder = redis.call('get', ARGV[4] .. ':name:' .. ARGV[i + 1])
                local dead = ARGV[5] .. ' ' .. ARGV[i] .. ' '
                if holder and string.sub(holder, 1, #dead) ~= dead then retaken[ARGV[i]] = true end
            end
            local rooms = redis.call('smembers', KEYS[5])
            for i = 1, #rooms do
                local space = string.find(rooms[i], ' ', 1, true)
                if space then
                    local connection = string.sub(rooms[i], 1, space - 1)
                    local member = ARGV[5] .. ':' .. connection
                    local room = string.sub(rooms[i], space + 1)
                    local seats = ARGV[4] .. ':room-members:' .. room
                    local name = redis.call('hget', seats, member)
                    if name and not retaken[connection] then
                        redis.call('xadd', ARGV[4] .. ':room:' .. room, '*', 'line',
                            ARGV[6] .. '#' .. room .. ' ' .. name .. ARGV[7])
                    end
                    redis.call('hdel', seats, member)
                end
            end
            redis.call('del', KEYS[5])
            local members = redis.call('hgetall', KEYS[2])
            for i = 1, #members, 2 do
                if not retaken[members[i]] then
                    redis.call('xadd', KEYS[3], '*', 'line', ARGV[1] .. members[i + 1] .. ARGV[2])
                end
                redis.call('sadd', KEYS[4], members[i])
            end
            if #members > 0 then redis.call('pexpire', KEYS[4], ARGV[3]) end
            redis.call('del', KEYS[2])
            return #members / 2""";
    /** Renews the heartbeat and takes the set of this node's connections reaped meanwhile (usually none). */
    private static final String RENEW = """
            redis.call('set', KEYS[1], '1', 'PX', ARGV[1])
            local reaped = redis.call('smembers', KEYS[2])
            if #reaped > 0 then redis.call('del', KEYS[2]) end
            return reaped""";
    /**
     * A stopping node's last word: its members have left one by one (each taken out of its rooms' hashes then);
     * any entry its rooms-of set still names (a part whose removal failed while Redis was away) is taken out of
     * that room's hash too, with no notice (its notice went out then), and the node's keys go.
     * KEYS: the rooms-of set, the heartbeat, the member list; ARGV: the chat's key prefix, this node.
     */
    private static final String END = """
            local rooms = redis.call('smembers', KEYS[1])
            for i = 1, #rooms do
                local space = string.find(rooms[i], ' ', 1, true)
                if space then
                    redis.call('hdel', ARGV[1] .. ':room-members:' .. string.sub(rooms[i], space + 1),
                        ARGV[2] .. ':' .. string.sub(rooms[i], 1, space - 1))
                end
            end
            redis.call('del', KEYS[1], KEYS[2], KEYS[3])
            return #rooms""";
    /** How long a reaped node's set waits for that node to come back and take it. */
    private static final Duration REAPED_KEPT = Duration.ofDays(1);
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

    /** SET the heartbeat with the lease, at start (before any member joins here). */
    void beat() {
        redis.set(heartbeat(nodeId), "1", SetParams.setParams().px(NameLeases.LEASE.toMillis()));
    }

    /**
     * Renews the heartbeat, at every refresh.
     *
     * @return the connections of this node whose members another node reaped (their leave notices are out)
     *         while this one did not renew in time; empty unless this node was paused or cut off past its lease
     */
    Set<Long> renew() {
        Object reaped = redis.eval(RENEW, List.of(heartbeat(nodeId), reaped(nodeId)),
                List.of(Long.toString(NameLeases.LEASE.toMillis())));
        Set<Long> connections = new HashSet<>();
        if (reaped instanceof List<?> ids) {
            for (Object id : ids) {
                String text = id instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(id);
                try {
                    connections.add(Long.parseLong(text));
                } catch (NumberFormatException e) {
                    // not written by a node: nothing of ours
                }
            }
        }
        return connections;
    }

    void joined(long connection, ChatName name) {
        redis.hset(members(nodeId), Long.toString(connection), name.display());
    }

    void left(long connection) {
        redis.hdel(members(nodeId), Long.toString(connection));
    }

    /** A stopping node: its members have left one by one; the heartbeat goes with it. */
    void end() {
        redis.eval(END, List.of(SharedRoomRosters.roomsOf(chatPrefix, nodeId), heartbeat(nodeId), members(nodeId)),
                List.of(chatPrefix, nodeId));
    }

    /**
     * Publishes the leave notices of every dead node's members, each once across the cluster.
     *
     * @return how many leave notices this call appended
     */
    int reapDeadNodes(LocalDateTime now) {
        String before = new PushedLine.Notice(now, "").render(); // "[time] "
        String after = PushedLine.Notice.left(now, new ChatName("x")).render().substring(before.length() + 1);
        String stamp = before.substring(0, before.length() - 1); // "[time]"
        String roomAfter = PushedLine.RoomNotice.left(now, new RoomName("r"), new ChatName("x")).render()
                .substring((stamp + "#r x").length());
        String listPrefix = chatPrefix + ":members:";
        ScanParams params = new ScanParams().match(listPrefix + "*").count(500);
        int reaped = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            for (String list : page.getResult()) {
                String node = list.substring(listPrefix.length());
                if (!node.equals(nodeId) && !redis.exists(heartbeat(node))) {
                    List<String> args = new ArrayList<>(List.of(before, after, Long.toString(REAPED_KEPT.toMillis()),
                            chatPrefix, node, stamp, roomAfter));
                    args.addAll(connectionsAndNameKeys(list));
                    Object count = redis.eval(REAP, List.of(heartbeat(node), list, logKey, reaped(node),
                            SharedRoomRosters.roomsOf(chatPrefix, node)), args);
                    if (count instanceof Long n && n > 0) {
                        reaped += n.intValue();
                    }
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return reaped;
    }

    /**
     * A dead node's members as the script's pairs: each connection, and the key of the name it was leased. Read
     * before the script, which is safe: a node without a heartbeat writes its list no more (one that was only
     * paused takes its reaped set and stops using these connections).
     */
    private List<String> connectionsAndNameKeys(String list) {
        List<String> pairs = new ArrayList<>();
        redis.hgetAll(list).forEach((connection, display) -> {
            if (ChatName.parse(display) instanceof ChatName.Result.Valid(ChatName name)) {
                pairs.add(connection);
                pairs.add(name.key());
            }
        });
        return pairs;
    }

    private String heartbeat(String node) {
        return chatPrefix + ":node:" + node;
    }

    private String members(String node) {
        return chatPrefix + ":members:" + node;
    }

    private String reaped(String node) {
        return chatPrefix + ":reaped:" + node;
    }
}
