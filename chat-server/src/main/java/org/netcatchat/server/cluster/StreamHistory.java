package org.netcatchat.server.cluster;

import org.netcatchat.server.history.CleanLines;
import org.netcatchat.server.history.FsyncPolicy;
import org.netcatchat.server.history.History;
import org.netcatchat.server.outbox.HistorySlice;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.StreamEntry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The shared stream as the connections' senders read it: the join replay and {@code hist}/{@code hist N} are
 * {@code HistorySlice}s whose end is a packed stream id ({@link SharedLog#position}), and {@link #copyTail}
 * pages through the stream ({@code XREVRANGE} back to the first line wanted, then {@code XRANGE} forward,
 * {@value #PAGE} entries a round trip), so no reply holds more than one page in memory, however long the
 * history. Everything read passes {@link CleanLines}: the stream is shared, and whatever else writes to it
 * reaches no client unclean. Thread-safe (the pooled client is).
 */
final class StreamHistory implements History {
    /** Entries a round trip: a few hundred KB at most, a fraction of a millisecond of Redis' time. */
    static final int PAGE = 500;

    private final SharedLog log;
    /** The position of the last entry this node delivered: what {@code hist} sees as "now". */
    private final LongSupplier delivered;

    StreamHistory(SharedLog log, LongSupplier delivered) {
        this.log = log;
        this.delivered = delivered;
    }

    @Override
    public long append(byte[] line) throws IOException {
        String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8); // without its LF
        try {
            return SharedLog.position(log.append(text, Optional.empty()));
        } catch (JedisException e) {
            throw new IOException("the shared log cannot be written: " + e.getMessage(), e);
        }
    }

    /** Nothing to do here: Redis' own {@code appendfsync} decides when an entry reaches its disk. */
    @Override
    public void syncTo(long position) {
    }

    @Override
    public long size() {
        return delivered.getAsLong();
    }

    @Override
    public long copyTail(long end, int lines, OutputStream out) throws IOException {
        StreamEntryID last = SharedLog.id(end);
        CleanLines clean = new CleanLines(out);
        try {
            if (lines != HistorySlice.ALL_LINES && lines <= PAGE) {
                List<StreamEntry> newestFirst = log.atOrBefore(last, lines);
                for (int i = newestFirst.size() - 1; i >= 0; i--) {
                    write(newestFirst.get(i), clean);
                }
            } else {
                Optional<StreamEntryID> first = lines == HistorySlice.ALL_LINES
                        ? Optional.of(StreamEntryID.MINIMUM_ID) : firstOfLast(last, lines);
                if (first.isPresent()) {
                    copyForward(first.get(), last, clean);
                }
            }
        } catch (JedisException e) {
            throw new IOException("the shared log cannot be read: " + e.getMessage(), e);
        }
        clean.finish();
        return clean.written();
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

    private void copyForward(StreamEntryID first, StreamEntryID last, CleanLines clean) throws IOException {
        List<StreamEntry> page = log.range(first, last, PAGE);
        while (!page.isEmpty()) {
            for (StreamEntry entry : page) {
                write(entry, clean);
            }
            if (page.size() < PAGE) {
                return;
            }
            page = log.after(page.getLast().getID(), last, PAGE);
        }
    }

    /** An entry without a line (written by something else) is skipped. */
    private static void write(StreamEntry entry, CleanLines clean) throws IOException {
        String line = entry.getFields().get(SharedLog.LINE);
        if (line != null) {
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            clean.write(bytes, 0, bytes.length);
        }
    }

    @Override
    public FsyncPolicy fsync() {
        return FsyncPolicy.NEVER; // an ACK follows XADD's reply: Redis' appendfsync is the durability
    }

    /** The log is closed by the node, after the follower has stopped. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "stream " + log.key();
    }
}
