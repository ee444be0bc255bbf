package org.netcatchat.server.connection;

import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.Reply;
import org.netcatchat.server.history.History;
import org.netcatchat.server.outbox.DurableAck;
import org.netcatchat.server.outbox.HistorySlice;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes one drained batch of a connection's outbox to its socket in as few system calls as it can: the
 * lines are gathered into one array and written at once. It keeps no buffer between batches, so an idle
 * connection holds none (a BufferedOutputStream would keep up to 8 KiB per connection for ever).
 * Not thread-safe: used by the connection's writer only.
 */
final class BatchWriter {
    private static final System.Logger LOG = System.getLogger(BatchWriter.class.getName());
    /** Gathering beyond this saves nothing: the kernel takes it in pieces anyway. */
    private static final int MAX_GATHER_BYTES = 64 * 1024;
    private static final byte[] ACK = Reply.ACK.encode();
    private static final byte[] NOT_DURABLE = new Reply.Error(Problem.HISTORY_UNAVAILABLE,
            "history unavailable: the message was sent but may not survive a power loss").encode();

    private final long id;
    private final OutputStream out;
    private final History history;
    private byte[] gathered = new byte[0];
    private int length;

    BatchWriter(long id, OutputStream out, History history) {
        this.id = id;
        this.out = out;
        this.history = history;
    }

    /** @return the bytes written */
    long write(List<Object> batch) throws IOException {
        if (batch.size() == 1 && batch.getFirst() instanceof byte[] only) {
            out.write(only); // the common case at moderate load: one line, no copy
            return only.length;
        }
        gathered = new byte[gatherCapacity(batch)];
        long sent = 0;
        for (Object item : batch) {
            sent += switch (item) {
                case byte[] line -> add(line);
                case DurableAck ack -> add(whenDurable(ack));
                case HistorySlice slice -> {
                    flush();
                    yield history.copyTail(slice.end(), slice.lines(), out);
                }
                default -> throw new IllegalStateException("unexpected outbox item " + item.getClass());
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

    /** Group commit: the first of these in a batch fsyncs for all of them, and for every other connection's. */
    private byte[] whenDurable(DurableAck ack) {
        try {
            history.syncTo(ack.position());
            return ACK;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "connection {0}: fsync of the history failed: {1}", id, e.toString());
            return NOT_DURABLE;
        }
    }

    private static int gatherCapacity(List<Object> batch) {
        long bytes = 0;
        for (Object item : batch) {
            bytes += item instanceof byte[] line ? line.length : NOT_DURABLE.length;
        }
        return (int) Math.min(MAX_GATHER_BYTES, bytes);
    }
}
