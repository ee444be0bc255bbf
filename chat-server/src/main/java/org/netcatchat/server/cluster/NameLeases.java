package org.netcatchat.server.cluster;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Roster;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Names, unique across the cluster: {@code PREFIX:name:KEY} (KEY is {@link ChatName#key()}, NFKC and case-folded
 * as on a single node) holds {@code NODE CONNECTION DISPLAY} for as long as its member is connected. Taken with
 * {@code SET NX PX} (one winner, whichever node asks), refreshed by its node every {@link #REFRESH}, released
 * on leave by a Lua script that deletes it only while it is still ours (after a lost lease someone else may
 * hold it). A node that dies stops refreshing; its names are free again {@link #LEASE} later.
 * Thread-safe (the pooled client is).
 */
final class NameLeases {
    /** How long a name outlives a node that stopped refreshing it: the delay before a dead node's names are free. */
    static final Duration LEASE = Duration.ofSeconds(15);
    /** A third of the lease: two refreshes may fail (a Redis hiccup) before a name is lost. */
    static final Duration REFRESH = LEASE.dividedBy(3);
    /**
     * SET NX PX, or, when the name is already leased to this very connection (an earlier take Redis ran but did not
     * answer, during a stall), renew that lease: so a client that retries its {@code name} after {@code ERR history
     * unavailable} gets it, rather than "name taken" by itself for a lease.
     */
    private static final String TAKE = """
            if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
            return 0""";
    private static final String IF_OURS_EXPIRE = """
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
            return 0""";
    private static final String IF_OURS_DELETE = """
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
            return 0""";
    private static final String IF_OURS_REPLACE = """
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
            return false""";
    private static final int SCAN_COUNT = 500;

    private final RedisClient redis;
    private final String keyPrefix;
    private final String nodeId;

    NameLeases(RedisClient redis, String chatPrefix, String nodeId) {
        this.redis = redis;
        this.keyPrefix = chatPrefix + ":name:";
        this.nodeId = nodeId;
    }

    /** {@link #TAKE}: @return whether the name is now ours */
    boolean take(long connection, ChatName name) {
        return Long.valueOf(1).equals(redis.eval(TAKE, List.of(key(name)),
                List.of(holder(connection, name), Long.toString(LEASE.toMillis()))));
    }

    /** The same name in another spelling ({@code alice} to {@code Alice}): the lease stays ours, its display changes. */
    boolean respell(long connection, ChatName old, ChatName renamed) {
        Object result = redis.eval(IF_OURS_REPLACE, List.of(key(old)),
                List.of(holder(connection, old), holder(connection, renamed), Long.toString(LEASE.toMillis())));
        return result instanceof byte[] bytes ? "OK".equals(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                : "OK".equals(result);
    }

    /** @return false when the lease is no longer ours (it expired, or Redis lost it) */
    boolean refresh(long connection, ChatName name) {
        Object result = redis.eval(IF_OURS_EXPIRE, List.of(key(name)),
                List.of(holder(connection, name), Long.toString(LEASE.toMillis())));
        return Long.valueOf(1).equals(result);
    }

    /** Where a name's holder is: its node, its connection there, and the name as it spelled it. */
    record Holder(String node, long connection, ChatName name) {
    }

    /** GET: who holds {@code name} now; empty when nobody does (or the value was not written by a node). */
    Optional<Holder> holder(ChatName name) {
        String value = redis.get(key(name));
        String[] parts = value == null ? new String[0] : value.split(" ", 3);
        if (parts.length != 3 || !(ChatName.parse(parts[2]) instanceof ChatName.Result.Valid(ChatName held))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Holder(parts[0], Long.parseLong(parts[1]), held));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    void release(long connection, ChatName name) {
        redis.eval(IF_OURS_DELETE, List.of(key(name)), List.of(holder(connection, name)));
    }

    /**
     * Who is online in the whole cluster: every name key, counted, and the first {@link Roster#MAX_LISTED_NAMES}
     * names found. SCAN a page at a time, so the cost is a few round trips per thousand members, and memory stays
     * at one page.
     */
    Roster roster() {
        ScanParams params = new ScanParams().match(keyPrefix + "*").count(SCAN_COUNT);
        List<String> names = new ArrayList<>();
        int online = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            List<String> keys = page.getResult();
            if (!keys.isEmpty()) {
                for (String value : redis.mget(keys.toArray(String[]::new))) {
                    if (value == null) {
                        continue; // released between SCAN and MGET
                    }
                    online++;
                    String[] parts = value.split(" ", 3);
                    if (names.size() < Roster.MAX_LISTED_NAMES && parts.length == 3) {
                        names.add(parts[2]);
                    }
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        names.sort(String.CASE_INSENSITIVE_ORDER);
        if (names.size() < Roster.MAX_LISTED_NAMES) {
            online = names.size(); // a value without a display (foreign) is not listed, so not counted either
        }
        return new Roster(online, names);
    }

    private String key(ChatName name) {
        return keyPrefix + name.key();
    }

    private String holder(long connection, ChatName name) {
        return nodeId + " " + connection + " " + name.display();
    }
}
