package org.netcatchat.server.cluster;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.RoomCount;
import org.netcatchat.protocol.RoomName;
import org.netcatchat.protocol.Roster;
import org.netcatchat.server.chat.RoomRosters;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is in each named room across the cluster, in Redis: {@code PREFIX:room-members:KEY} is a hash,
 * {@code NODE:CONNECTION} → display name, of the room's members on every node (Redis deletes it with its last
 * field); {@code PREFIX:rooms-of:NODE} is a set of {@code CONNECTION KEY}, the rooms each member of that node is
 * in, so that when the node dies another publishes their leave notices in every room once ({@link NodeLease}).
 * Each change is one Lua script, so the two never disagree. Thread-safe (the pooled client is).
 */
final class SharedRoomRosters implements RoomRosters {
    private static final System.Logger LOG = System.getLogger(SharedRoomRosters.class.getName());
    private static final String SEAT = """
            redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
            redis.call('sadd', KEYS[2], ARGV[3])
            return 1""";
    private static final String UNSEAT = """
            redis.call('hdel', KEYS[1], ARGV[1])
            redis.call('srem', KEYS[2], ARGV[2])
            return 1""";
    private static final String RENAME = """
            if redis.call('hexists', KEYS[1], ARGV[1]) == 1 then redis.call('hset', KEYS[1], ARGV[1], ARGV[2]) end
            return 1""";
    private static final int SCAN_COUNT = 500;

    private final RedisClient redis;
    private final String membersPrefix;
    private final String roomsOf;
    private final String nodeId;

    SharedRoomRosters(RedisClient redis, String keyPrefix, String nodeId) {
        this.redis = redis;
        this.membersPrefix = membersPrefix(keyPrefix);
        this.roomsOf = roomsOf(keyPrefix, nodeId);
        this.nodeId = nodeId;
    }

    static String membersPrefix(String keyPrefix) {
        return keyPrefix + ":room-members:";
    }

    static String roomsOf(String keyPrefix, String nodeId) {
        return keyPrefix + ":rooms-of:" + nodeId;
    }

    @Override
    public void seated(RoomName room, long connection, ChatName as) throws IOException {
        try {
            redis.eval(SEAT, List.of(members(room), roomsOf),
                    List.of(member(connection), as.display(), connection + " " + room.key()));
        } catch (JedisException e) {
            throw new IOException("Redis: " + e.getMessage(), e);
        }
    }

    @Override
    public void unseated(RoomName room, long connection) {
        try {
            redis.eval(UNSEAT, List.of(members(room), roomsOf), List.of(member(connection), connection + " " + room.key()));
        } catch (JedisException e) {
            LOG.log(System.Logger.Level.WARNING, "connection {0}: could not record that it left {1}: {2}", connection,
                    room, e.toString());
        }
    }

    @Override
    public void renamed(RoomName room, long connection, ChatName to) {
        try {
            redis.eval(RENAME, List.of(members(room)), List.of(member(connection), to.display()));
        } catch (JedisException e) {
            LOG.log(System.Logger.Level.WARNING, "connection {0}: could not record its new name in {1}: {2}",
                    connection, room, e.toString());
        }
    }

    @Override
    public Roster roster(RoomName room) throws IOException {
        try {
            return RoomRosters.of(redis.hvals(members(room)).stream().filter(SharedRoomRosters::isName).toList());
        } catch (JedisException e) {
            throw new IOException("Redis: " + e.getMessage(), e);
        }
    }

    /** SCAN over the rooms' hashes, a page at a time; a key that names no room (written by something else) is skipped. */
    @Override
    public List<RoomCount> counts() throws IOException {
        List<RoomCount> counts = new ArrayList<>();
        ScanParams params = new ScanParams().match(membersPrefix + "*").count(SCAN_COUNT);
        try {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, params);
                for (String key : page.getResult()) {
                    long members = redis.hlen(key);
                    RoomName.Result room = RoomName.parse(RoomName.PREFIX + key.substring(membersPrefix.length()));
                    if (members > 0 && room instanceof RoomName.Result.Valid(RoomName valid)
                            && valid.key().equals(key.substring(membersPrefix.length()))) {
                        counts.add(new RoomCount(valid, (int) Math.min(Integer.MAX_VALUE, members)));
                    }
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        } catch (JedisException e) {
            throw new IOException("Redis: " + e.getMessage(), e);
        }
        return counts;
    }

    /** A display name as a roster lists it; anything else in the hash (not written by a node) is left out. */
    private static boolean isName(String value) {
        return ChatName.parse(value) instanceof ChatName.Result.Valid;
    }

    private String members(RoomName room) {
        return membersPrefix + room.key();
    }

    private String member(long connection) {
        return nodeId + ":" + connection;
    }
}
