package org.netcatchat.server.connection;

import org.netcatchat.server.chat.Replies;
import org.netcatchat.server.outbox.DurableAck;
import org.netcatchat.server.outbox.HistorySlice;
import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes one drained batch of a connection's outbox to its socket in as few system calls as it can: the
 * lines are gathered into one array and written at once. It keeps no buffer between batches, so an idle
 * connection holds none (a BufferedOutputStream would keep up to 8 KiB per connection for ever).
 * Not thread-safe: used by one sender at a time (the outbox lets only one run, and its lock orders them).
 */
final class BatchWriter {
    /** Gathering beyond this saves nothing: the kernel takes it in pieces anyway. */
    private static final int MAX_GATHER_BYTES = 64 * 1024;

    /** How log lines name the connection. */
    private final String label;
    private final OutputStream out;
    /** What a durable ACK becomes once the log is synced. */
    private final Replies replies;
    private byte[] gathered = new byte[0];
    private int length;

    BatchWriter(String label, OutputStream out, Replies replies) {
        this.label = label;
        this.out = out;
        this.replies = replies;
    }

    /** @return the bytes written */
    long write(List<Outgoing> batch) throws IOException {
        if (batch.size() == 1 && batch.getFirst() instanceof Outgoing.Line(byte[] only)) {
            out.write(only); // the common case at moderate load: one line, no copy
            return only.length;
        }
        gathered = new byte[gatherCapacity(batch)];
        long sent = 0;
        for (Outgoing item : batch) {
            sent += switch (item) {
                case Outgoing.Line line -> add(line.bytes());
                case DurableAck ack -> add(replies.afterSync(ack, label)); // one sync covers the batch
                case HistorySlice slice -> {
                    flush();
                    yield slice.source().copyTail(slice.end(), slice.lines(), out);
                }
            };
        }
        flush();
        gathered = new byte[0];
        return sent;
    }

    private int add(byte[] line) throws IOException {
        if (length + line.length > gathered.length) {
            flush();
        }
        if (line.length > gathered.length) {
            out.write(line);
        } else {
            System.arraycopy(line, 0, gathered, length, line.length);
            length += line.length;
        }
        return line.length;
    }

    private void flush() throws IOException {
        if (length > 0) {
            out.write(gathered, 0, length);
            length = 0;
        }
    }

    private static int gatherCapacity(List<Outgoing> batch) {
        long bytes = 0;
        for (Outgoing item : batch) {
            bytes += item instanceof Outgoing.Line line ? line.bytes().length : Replies.longestAfterSync();
        }
        return (int) Math.min(MAX_GATHER_BYTES, bytes);
    }
}
