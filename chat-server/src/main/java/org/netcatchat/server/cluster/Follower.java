package org.netcatchat.server.cluster;

import org.netcatchat.server.metrics.ServerEvents;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The one thread per node that reads the shared stream ({@code XREAD BLOCK} from the last entry it read,
 * on a connection of its own) and hands every entry, in stream order, to the node's log reader (the chat). Being the only
 * deliverer is what makes the order the same on every node, and what lets a joiner be attached exactly at its
 * own join entry: this thread knows which entries were delivered and which were not.
 *
 * <p>When Redis cannot be reached it logs once, waits (100 ms, doubling to 5 s) and reads again from the last
 * entry it read, so nothing is delivered twice or skipped across the outage. Thread-safe: {@link #stop}
 * and {@link #delivered} from any thread.
 */
final class Follower {
    private static final System.Logger LOG = System.getLogger(Follower.class.getName());
    /** How long one XREAD waits for new entries: also how soon a stop is noticed. */
    private static final int BLOCK_MILLIS = 1000;
    /** Entries one XREAD returns at most: a burst is delivered in batches, not one round trip each. */
    private static final int BATCH = 500;

    /** What the follower delivers to ({@link StreamLog}, for the chat). Called on the follower's thread only. */
    interface Target {
        /** @param position the entry's ({@link SharedLog#position}: its id fits one) */
        void deliver(StreamEntry entry, long position);
    }

    private final SharedLog log;
    private final Target target;
    private final ServerEvents events;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /**
     * The id of the last entry read, delivered or passed over: where the next XREAD starts, so an entry is never read
     * twice, whatever its id. Written by the follower only.
     */
    private volatile StreamEntryID cursor;
    /** The position of the last entry delivered ({@link SharedLog#floor} of the start before any); only grows. */
    private volatile long delivered;
    private volatile boolean stopping;
    /** The connection the thread reads on now; closed by {@link #stop} to end a blocking XREAD at once. */
    private volatile Jedis reading;

    Follower(SharedLog log, StreamEntryID start, Target target, ServerEvents events) {
        this.log = log;
        this.target = target;
        this.events = events;
        this.cursor = start;
        this.delivered = SharedLog.floor(start);
        this.thread = Thread.ofVirtual().name("cluster-follower " + log.key()).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    long delivered() {
        return delivered;
    }

    /** The id of the last entry read (delivered or passed over): what the lag is counted after. */
    StreamEntryID cursor() {
        return cursor;
    }

    /**
     * Stops reading, at once: the connection a blocking XREAD waits on is closed under it (never an interrupt,
     * which could also break a Redis call the delivery is making, such as letting a leaver's name go), so a room
     * closed under the rooms' lock does not hold it for a block time; a delivery under way finishes first.
     */
    void stop() {
        stopping = true;
        stopped.countDown();
        Jedis connection = reading;
        if (connection != null) {
            try {
                connection.disconnect();
            } catch (RuntimeException e) {
                // closed already: the thread ends on its own
            }
        }
        try {
            if (!thread.join(Duration.ofMillis(BLOCK_MILLIS + SharedLog.FOLLOW_TIMEOUT_MILLIS))) {
                LOG.log(System.Logger.Level.WARNING, "the follower of {0} did not stop in time", log.key());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Backoff backoff = new Backoff(stopped);
        boolean down = false;
        while (!stopping) {
            try (Jedis connection = log.followConnection()) {
                reading = connection;
                if (stopping) {
                    return;
                }
                while (!stopping) {
                    List<Map.Entry<String, List<StreamEntry>>> answer = SharedLog.readable(() -> connection.xread(
                            XReadParams.xReadParams().block(BLOCK_MILLIS).count(BATCH),
                            Map.of(log.key(), cursor)));
                    if (down) {
                        down = false;
                        backoff.reset();
                        LOG.log(System.Logger.Level.INFO, "Redis is back: following {0} from {1}", log.key(), cursor);
                    }
                    if (answer == null) {
                        continue; // nothing new within the block time
                    }
                    for (Map.Entry<String, List<StreamEntry>> stream : answer) {
                        for (StreamEntry entry : stream.getValue()) {
                            deliverOnce(entry);
                            cursor = entry.getID();
                        }
                    }
                }
            } catch (JedisException e) {
                if (stopping) {
                    return;
                }
                events.redisFailed();
                if (!down) {
                    down = true;
                    LOG.log(System.Logger.Level.ERROR, "cannot follow {0} ({1}); retrying with backoff from {2}",
                            log.key(), e.toString(), cursor);
                }
                stopping |= !backoff.pause();
            } catch (RuntimeException e) { // a bug: log it, keep trying from the cursor
                if (stopping) {
                    return;
                }
                LOG.log(System.Logger.Level.ERROR, "following the stream failed unexpectedly", e);
                stopping |= !backoff.pause();
            }
        }
    }

    /**
     * An entry that makes delivery fail (a bug, or something else wrote into the stream) is logged and passed
     * over: retrying it would deliver what it had already queued again, and stop this node for good. So is one
     * whose id fits no position (written with an explicit id by something else), with one line and no delivery:
     * nothing could address it in the history.
     */
    private void deliverOnce(StreamEntry entry) {
        if (!SharedLog.fits(entry.getID())) {
            LOG.log(System.Logger.Level.WARNING, "stream entry {0} of {1}: its id fits no position (ms below 2^42,"
                    + " sequence below 2^21); passed over, not delivered", entry.getID(), log.key());
            return;
        }
        long position = SharedLog.position(entry.getID());
        try {
            target.deliver(entry, position);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "stream entry " + entry.getID() + " could not be delivered; passed over", e);
        }
        delivered = position;
    }
}
