package org.netcatchat.server.cluster;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.util.JedisURIHelper;

import org.netcatchat.server.metrics.ServerEvents;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One of the chat's Redis streams as Redis commands: the lobby's, {@code PREFIX:log}, or a named room's,
 * {@code PREFIX:room:KEY} ({@link #room}). Every pushed line is one entry, the stream's order is the one order of
 * its room across the cluster, and the stream is the room's history (what its fields mean: {@link StreamLog}).
 *
 * <p>Commands go through one pooled {@link RedisClient}: Jedis is blocking, so a command parks the calling
 * virtual thread on a socket read (cheap, and since JDK 24 {@code synchronized} no longer pins a carrier), and
 * Jedis runs no event loop of its own. The blocking {@code XREAD} of the follower gets a connection of its own
 * ({@link #followConnection}), so it never holds a pooled one for seconds.
 *
 * <p>Positions: the rest of the server addresses the history by a {@code long} (a {@code HistorySlice}'s end);
 * a stream id {@code MS-SEQ} packs into one as {@code MS << 21 | SEQ} (ms below 2^42, the year 2109; at most
 * 2^21 entries within one millisecond, far above what one Redis appends). Ids from Redis' own {@code *} always
 * fit; one written by anything else may not ({@link #fits}): the follower keeps the stream's id as its cursor and
 * passes such an entry over, and {@link #floor} gives the position just at or below any id, so a position still
 * only grows. Thread-safe.
 */
final class SharedLog implements AutoCloseable {
    static final String LINE = "line";
    static final String JOINER = "joiner";
    /** {@code NODE:CONNECTION} of the member a rename or leave notice is about. */
    static final String MEMBER = "member";
    /** {@link #MESSAGE} on a {@code text}'s entry, so every node can count its deliveries as messages; or {@link #RENAME}, {@link #LEAVE}. */
    static final String KIND = "kind";
    static final String MESSAGE = "message";
    static final String RENAME = "rename";
    static final String LEAVE = "leave";
    private static final int SEQUENCE_BITS = 21;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;
    /** The latest millisecond a position holds: 2^42 - 1, in the year 2109. */
    private static final long MAX_TIME = (1L << (63 - SEQUENCE_BITS)) - 1;
    /** The follower's connection waits up to this long for an answer: longer than its XREAD blocks. */
    static final int FOLLOW_TIMEOUT_MILLIS = 10_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    /** Counts the entries after an id, up to a cap, without sending them over: the lag. */
    private static final String COUNT_AFTER = "return #redis.call('xrange', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])";

    private final URI uri;
    private final String key;
    private final RedisClient redis;
    private final ServerEvents events;
    private final long maxLines;
    /** How each XADD trims the stream: {@code MAXLEN ~ N} with {@code --history-max-lines N}, else not at all. */
    private final XAddParams appending;
    /** The lobby's log owns the pooled client; a room's shares it. */
    private final boolean ownsClient;

    /** The lobby's stream, {@code PREFIX:log}, with a pooled client of its own. */
    SharedLog(URI uri, String keyPrefix, long maxLines, ServerEvents events) {
        this(uri, pooled(uri), keyPrefix + ":log", maxLines, events, true);
    }

    /** Jedis' own pooled client for the address; for TLS with the settings of {@link #config}. */
    private static RedisClient pooled(URI uri) {
        if (!JedisURIHelper.isRedisSSLScheme(uri)) {
            return RedisClient.create(uri);
        }
        return RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(uri)).clientConfig(config(uri).build())
                .build();
    }

    /**
     * Jedis' settings from the address: user, password, database, and for {@code rediss://} TLS, with the server's
     * certificate checked against the JVM's trust store ({@code javax.net.ssl.trustStore}, else its cacerts) and
     * its host name against the certificate (FULL: Jedis checks no host name on its own for a bare {@code ssl}).
     */
    private static DefaultJedisClientConfig.Builder config(URI uri) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder(uri);
        if (JedisURIHelper.isRedisSSLScheme(uri)) {
            config.ssl(true).sslOptions(SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL).build());
        }
        return config;
    }

    private SharedLog(URI uri, RedisClient redis, String key, long maxLines, ServerEvents events, boolean ownsClient) {
        this.uri = uri;
        this.key = key;
        this.redis = redis;
        this.events = events;
        this.maxLines = maxLines;
        this.ownsClient = ownsClient;
        // "~": Redis trims whole nodes of its radix tree only, so an append costs O(1); the stream keeps N entries
        // or a few dozen more. A room's stream keeps as many as the lobby's.
        this.appending = maxLines > 0 ? XAddParams.xAddParams().maxLen(maxLines).approximateTrimming()
                : XAddParams.xAddParams();
    }

    /** A named room's stream ({@code PREFIX:room:KEY}, named by {@code key}), over this one's pooled client. */
    SharedLog room(String roomKey) {
        return new SharedLog(uri, redis, roomKey, maxLines, events, false);
    }

    String key() {
        return key;
    }

    /** The pooled client, for the other keys of this chat (names). */
    RedisClient redis() {
        return redis;
    }

    /** XADD: the fields (see {@link StreamLog}) become the newest entry. @return its id */
    StreamEntryID add(Map<String, String> fields) {
        long started = System.nanoTime();
        try {
            StreamEntryID id = readable(() -> redis.xadd(key, appending, fields));
            events.redisAppended(System.nanoTime() - started);
            return id;
        } catch (JedisException e) {
            events.redisFailed();
            throw e;
        }
    }

    /** How many entries follow {@code id}, counted by Redis, at most {@code cap}. */
    long countAfter(StreamEntryID id, int cap) {
        Object count = redis.eval(COUNT_AFTER, List.of(key), List.of(id.toString(), Integer.toString(cap)));
        return count instanceof Long n ? n : 0;
    }

    /** The newest entry's id, or {@code 0-0} for an empty (or missing) stream: where a new follower starts. */
    StreamEntryID newest() {
        List<StreamEntry> last = readable(() -> redis.xrevrange(key, "+", "-", 1));
        return last.isEmpty() ? new StreamEntryID(0, 0) : last.getFirst().getID();
    }

    /** XREVRANGE: up to {@code count} entries at or below {@code end}, newest first. */
    List<StreamEntry> atOrBefore(StreamEntryID end, int count) {
        return readable(() -> redis.xrevrange(key, end, StreamEntryID.MINIMUM_ID, count));
    }

    /** XREVRANGE: up to {@code count} entries strictly below {@code end}, newest first. */
    List<StreamEntry> before(StreamEntryID end, int count) {
        return readable(() -> redis.xrevrange(key, "(" + end, "-", count));
    }

    /** XRANGE: up to {@code count} entries from {@code start} (inclusive) to {@code end} (inclusive), oldest first. */
    List<StreamEntry> range(StreamEntryID start, StreamEntryID end, int count) {
        return readable(() -> redis.xrange(key, start, end, count));
    }

    /** XRANGE: up to {@code count} entries after {@code after} (exclusive) to {@code end} (inclusive). */
    List<StreamEntry> after(StreamEntryID after, StreamEntryID end, int count) {
        return readable(() -> redis.xrange(key, "(" + after, end.toString(), count));
    }

    /**
     * Runs a Redis call whose answer holds stream ids. Redis allows ids up to 2^64-1 ms, Jedis parses them into a
     * signed long: an id past 2^63-1 ms (written by something else than a node; every id Redis makes after it is
     * past it too) throws a NumberFormatException, which becomes a Redis failure like any other, so each caller
     * answers as it does to Redis being unusable ({@code ERR history unavailable}), never with a broken connection.
     */
    static <T> T readable(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (NumberFormatException e) {
            throw new PastReadableIds(e);
        }
    }

    /** A stream holds an id past 2^63-1 ms, which no client here can read (see {@link #readable}). */
    static final class PastReadableIds extends redis.clients.jedis.exceptions.JedisDataException {
        PastReadableIds(NumberFormatException cause) {
            super("the stream holds an id past 2^63-1 ms (" + cause.getMessage() + "), which this server cannot"
                    + " read: nothing after it can be delivered or appended until the stream is rebuilt"
                    + " (docs/CLUSTER.md, Faults)", cause);
        }
    }

    /** A connection of its own for a blocking {@code XREAD}; the caller closes it. */
    Jedis followConnection() {
        // No RESP3 auto-negotiation: a plain Jedis would try it and log a warning on every (re)connect.
        return new Jedis(uri, config(uri).connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .socketTimeoutMillis(FOLLOW_TIMEOUT_MILLIS).autoNegotiateProtocol(false).build());
    }

    /** XDEL: takes an entry this node appended back out (one whose id fits no position). */
    void delete(StreamEntryID id) {
        redis.xdel(key, id);
    }

    /** Whether {@code id} packs into a position: its ms below 2^42 and its sequence below 2^21. */
    static boolean fits(StreamEntryID id) {
        return id.getTime() >= 0 && id.getTime() <= MAX_TIME && id.getSequence() >= 0
                && id.getSequence() <= SEQUENCE_MASK;
    }

    /** The position of an id that {@link #fits}. */
    static long position(StreamEntryID id) {
        if (!fits(id)) {
            throw new IllegalArgumentException("stream id " + id + " does not fit a position");
        }
        return id.getTime() << SEQUENCE_BITS | id.getSequence();
    }

    /**
     * The greatest position whose id is at or below {@code id}: the id's own when it fits, else the last one of its
     * millisecond (a sequence too large), or the last position of all (a time too late). Where a follower that
     * starts at {@code id} counts itself as having delivered to; monotone, so positions never go back.
     */
    static long floor(StreamEntryID id) {
        if (id.getTime() < 0 || id.getTime() > MAX_TIME) { // below 0: an unsigned time past 2^63
            return MAX_TIME << SEQUENCE_BITS | SEQUENCE_MASK;
        }
        boolean seqFits = id.getSequence() >= 0 && id.getSequence() <= SEQUENCE_MASK;
        return id.getTime() << SEQUENCE_BITS | (seqFits ? id.getSequence() : SEQUENCE_MASK);
    }

    static StreamEntryID id(long position) {
        return new StreamEntryID(position >>> SEQUENCE_BITS, position & SEQUENCE_MASK);
    }

    /** The lobby's closes the pooled client (after every room's follower has stopped); a room's, nothing. */
    @Override
    public void close() {
        if (ownsClient) {
            redis.close();
        }
    }
}
