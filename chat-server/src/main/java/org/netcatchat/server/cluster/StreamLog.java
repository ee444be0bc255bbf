package org.netcatchat.server.cluster;

import org.netcatchat.server.chat.Log;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.HistorySlice;
import org.netcatchat.server.outbox.Outgoing;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.StreamEntry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The log of a cluster node: the shared Redis stream. An append is one {@code XADD} and returns; the entry comes
 * back, with every other node's, when this node's {@link Follower} meets it in the stream, so every client on
 * every node sees the stream's order. An entry's fields: {@code line} (the pushed line without its LF),
 * {@code kind} = {@code message} on a {@code text}'s line ({@code rename}, {@code leave} on those notices), on a
 * join notice {@code joiner} = {@code NODE:CONNECTION}, and on a rename or leave notice {@code member} = the same:
 * this node turns the tag into "the member is one of mine" when it meets it.
 *
 * <p>Read back for the join replay and {@code hist}: a slice's end is a packed stream id
 * ({@link SharedLog#position}), and {@link #copyTail} pages through the stream ({@code XREVRANGE} back to the first
 * line wanted, then {@code XRANGE} forward, {@value #PAGE} entries a round trip), so no reply holds more than one
 * page in memory, however long the history. Every entry read becomes one clean line of a bounded length
 * ({@link EntryLines}): the stream is shared, and whatever else writes to it reaches no client unclean.
 * Thread-safe (the pooled client is).
 */
final class StreamLog implements Log {
    private static final System.Logger LOG = System.getLogger(StreamLog.class.getName());
    /** Entries a round trip: a few hundred KB at most, a fraction of a millisecond of Redis' time. */
    static final int PAGE = 500;

    private final SharedLog log;
    private final String nodeId;
    private final StreamEntryID start;
    private final EntryLines entryLines;
    private final ServerEvents events;
    /** Set once by {@link #start}. */
    private volatile Follower follower;
    /** Whether the last append was refused for an id that fits no position: logged once while it lasts. */
    private volatile boolean refusing;

    StreamLog(SharedLog log, String nodeId, StreamEntryID start, EntryLines lines, ServerEvents events) {
        this.log = log;
        this.nodeId = nodeId;
        this.start = start;
        this.entryLines = lines;
        this.events = events;
    }

    @Override
    public void start(Reader reader) {
        Objects.requireNonNull(reader, "reader");
        follower = new Follower(log, start, (entry, position) -> handBack(entry, position, reader), events);
        follower.start();
    }

    @Override
    public long append(Entry entry) throws IOException {
        Map<String, String> fields = new HashMap<>(2);
        byte[] line = entry.render();
        fields.put(SharedLog.LINE, new String(line, 0, line.length - 1, StandardCharsets.UTF_8)); // without its LF
        switch (entry.kind()) {
            case MESSAGE -> fields.put(SharedLog.KIND, SharedLog.MESSAGE);
            case JOIN -> fields.put(SharedLog.JOINER, nodeId + ":" + entry.member().orElseThrow());
            case RENAME -> {
                fields.put(SharedLog.KIND, SharedLog.RENAME);
                fields.put(SharedLog.MEMBER, nodeId + ":" + entry.member().orElseThrow());
            }
            case LEAVE -> {
                fields.put(SharedLog.KIND, SharedLog.LEAVE);
                fields.put(SharedLog.MEMBER, nodeId + ":" + entry.member().orElseThrow());
            }
            case NOTICE -> {
            }
        }
        StreamEntryID id;
        try {
            id = log.add(fields);
            if (!SharedLog.fits(id)) {
                log.delete(id);
            }
        } catch (JedisException e) {
            LOG.log(System.Logger.Level.WARNING, "Redis: {0}", e.toString());
            if (RedisFailures.mayHaveRun(e)) { // the client gets ERR not confirmed: do not send it again
                throw new NotConfirmed("Redis did not answer the XADD: " + e.getMessage(), e);
            }
            throw new IOException("the shared log cannot be written: " + e.getMessage(), e); // ERR history unavailable
        }
        return positionOfAppended(id);
    }

    /**
     * The position of this node's own entry. Redis' {@code *} makes an id after the stream's last one (deleted
     * entries included): once something wrote an id past the year 2109 every later one is past it too, and after
     * {@code MS-3000000} the rest of that millisecond's are; neither fits a position. Such an entry has been taken
     * back out (XDEL), nobody delivers it, and the append fails (ERR history unavailable, no ACK): for the year
     * 2109 until the stream is rebuilt (docs/CLUSTER.md, Faults). Logged once per stream while it lasts.
     */
    private long positionOfAppended(StreamEntryID id) throws IOException {
        if (!SharedLog.fits(id)) {
            if (!refusing) {
                refusing = true;
                LOG.log(System.Logger.Level.ERROR, "{0}: Redis gave this node''s entry the id {1}, which fits no"
                        + " position (something wrote an id past the year 2109, or past 2^21 entries in one millisecond,"
                        + " into the stream); appends are refused while its ids do not fit (docs/CLUSTER.md, Faults)",
                        log.key(), id);
            }
            throw new IOException("the stream's ids are past what this server can address (" + id + ")");
        }
        if (refusing) {
            refusing = false;
            LOG.log(System.Logger.Level.INFO, "{0}: appends fit again, from {1}", log.key(), id);
        }
        return SharedLog.position(id);
    }

    /** On the follower's thread: an entry without a line (written by something else) is not delivered. */
    private void handBack(StreamEntry entry, long position, Reader reader) {
        String text = entry.getFields().get(SharedLog.LINE);
        if (text == null) {
            return;
        }
        Map<String, String> fields = entry.getFields();
        Kind kind = kind(fields);
        Optional<Long> memberHere = switch (kind) {
            case JOIN -> memberHere(fields.get(SharedLog.JOINER));
            case RENAME, LEAVE -> memberHere(fields.get(SharedLog.MEMBER));
            case MESSAGE, NOTICE -> Optional.empty();
        };
        reader.deliver(new Delivered(position, new Outgoing.Line(entryLines.of(text)), kind,
                memberHere.map(OptionalLong::of).orElse(OptionalLong.empty())));
    }

    /** Anything unknown (a foreign entry, the leave notices a reaper appends for a dead node) is a plain notice. */
    private static Kind kind(Map<String, String> fields) {
        String kind = fields.getOrDefault(SharedLog.KIND, "");
        return switch (kind) {
            case SharedLog.MESSAGE -> Kind.MESSAGE;
            case SharedLog.RENAME -> fields.containsKey(SharedLog.MEMBER) ? Kind.RENAME : Kind.NOTICE;
            case SharedLog.LEAVE -> fields.containsKey(SharedLog.MEMBER) ? Kind.LEAVE : Kind.NOTICE;
            default -> fields.containsKey(SharedLog.JOINER) ? Kind.JOIN : Kind.NOTICE;
        };
    }

    /** The connection id of a {@code NODE:CONNECTION} tag when NODE is this node; empty for anything else. */
    private Optional<Long> memberHere(String tag) {
        if (tag == null || !tag.startsWith(nodeId + ":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(tag.substring(nodeId.length() + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // not written by a node
        }
    }

    /** Redis' own {@code appendfsync} decides when an entry reaches its disk: an ACK follows XADD's reply. */
    @Override
    public boolean syncsLater() {
        return false;
    }

    @Override
    public void syncTo(long position) {
    }

    @Override
    public long delivered() {
        Follower running = follower;
        return running == null ? SharedLog.floor(start) : running.delivered();
    }

    /** The id of the last entry the follower read, delivered or passed over: the lag is what comes after it. */
    StreamEntryID readTo() {
        Follower running = follower;
        return running == null ? start : running.cursor();
    }

    /** Its other nodes read on: this node's members' leave notices go into it during a stop. */
    @Override
    public boolean outlivesThisServer() {
        return true;
    }

    @Override
    public long copyTail(long end, int lines, OutputStream out) throws IOException {
        StreamEntryID last = SharedLog.id(end);
        Copy copy = new Copy(out);
        try {
            if (lines != HistorySlice.ALL_LINES && lines <= PAGE) {
                List<StreamEntry> newestFirst = log.atOrBefore(last, lines);
                for (int i = newestFirst.size() - 1; i >= 0; i--) {
                    copy.write(newestFirst.get(i));
                }
            } else {
                Optional<StreamEntryID> first = lines == HistorySlice.ALL_LINES
                        ? Optional.of(StreamEntryID.MINIMUM_ID) : firstOfLast(last, lines);
                if (first.isPresent()) {
                    copyForward(first.get(), last, copy);
                }
            }
        } catch (JedisException e) {
            throw new IOException("the shared log cannot be read: " + e.getMessage(), e);
        }
        return copy.written;
    }

    /** Each entry's one line ({@link EntryLines}) to the output, counted. Not thread-safe: one per copy. */
    private final class Copy {
        private final OutputStream out;
        private long written;

        Copy(OutputStream out) {
            this.out = out;
        }

        /** An entry without a line, or whose id fits no position (written by something else), is skipped, as live. */
        void write(StreamEntry entry) throws IOException {
            String line = entry.getFields().get(SharedLog.LINE);
            if (line != null && SharedLog.fits(entry.getID())) {
                byte[] bytes = entryLines.of(line);
                out.write(bytes);
                written += bytes.length;
            }
        }
    }

    /** Walks back from {@code last} (inclusive) over {@code lines} entries, a page at a time, keeping only ids. */
    private Optional<StreamEntryID> firstOfLast(StreamEntryID last, int lines) {
        Optional<StreamEntryID> first = Optional.empty();
        int left = lines;
        StreamEntryID cursor = last;
        boolean inclusive = true;
        while (left > 0) {
            int asked = Math.min(left, PAGE);
            List<StreamEntry> page = inclusive ? log.atOrBefore(cursor, asked) : log.before(cursor, asked);
            if (page.isEmpty()) {
                break;
            }
            left -= page.size();
            cursor = page.getLast().getID();
            first = Optional.of(cursor);
            inclusive = false;
            if (page.size() < asked) {
                break; // the start of the stream
            }
        }
        return first;
    }

    private void copyForward(StreamEntryID first, StreamEntryID last, Copy copy) throws IOException {
        List<StreamEntry> page = log.range(first, last, PAGE);
        while (!page.isEmpty()) {
            for (StreamEntry entry : page) {
                copy.write(entry);
            }
            if (page.size() < PAGE) {
                return;
            }
            page = log.after(page.getLast().getID(), last, PAGE);
        }
    }

    /** Stops following; the stream's client is closed by the node, after this. */
    @Override
    public void close() {
        Follower running = follower;
        if (running != null) {
            running.stop();
        }
    }

    @Override
    public String toString() {
        return "stream " + log.key();
    }
}
