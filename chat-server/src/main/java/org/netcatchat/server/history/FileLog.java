package org.netcatchat.server.history;

import org.netcatchat.server.chat.Log;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log of a single server: the history file. An entry is appended and handed back to the reader inside one
 * hold of {@link #order}, so the file and every client see the same sequence, and a line is delivered before
 * its {@code append} returns (so its sender's echo is queued ahead of its ACK). Holding the lock across the file
 * write is deliberate: it is what makes the order global, and appends are serialised by the file anyway.
 *
 * <p>An append made while an entry is being delivered (the notice of a member that delivery dropped) is written
 * at once and handed back right after the current one, from a queue rather than by recursion: one drop can cause
 * another, and a thousand slow members must not make a thousand nested calls.
 *
 * <p>It also owns whether the history can be written: the change is logged once each way, and reported as
 * {@code netcat_history_writable}. Thread-safe.
 */
public final class FileLog implements Log {
    private static final System.Logger LOG = System.getLogger(FileLog.class.getName());

    private final History history;
    private final ServerEvents events;
    private final ReentrantLock order = new ReentrantLock();
    /** Guarded by order: appended, not yet handed back. */
    private final ArrayDeque<Delivered> undelivered = new ArrayDeque<>(2);
    /** Guarded by order: an outer {@link #append} is handing entries back, and will hand back what is queued too. */
    private boolean delivering;
    /** Guarded by order. */
    private boolean writable = true;
    /** Set once by {@link #start}, before the first append. */
    private volatile Reader reader;
    /** Written under order. */
    private volatile long delivered;

    public FileLog(History history, ServerEvents events) {
        this.history = Objects.requireNonNull(history, "history");
        this.events = Objects.requireNonNull(events, "events");
        this.delivered = history.size();
    }

    @Override
    public void start(Reader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    public long append(Entry entry) throws IOException {
        order.lock();
        try {
            byte[] line = entry.render(); // stamped under the order lock: the file's times never go back
            long end = write(line);
            undelivered.addLast(new Delivered(end, new Outgoing.Line(line), entry.kind(), entry.member()));
            if (!delivering) {
                delivering = true;
                try {
                    Delivered next;
                    while ((next = undelivered.pollFirst()) != null) {
                        handBack(next);
                    }
                } finally {
                    delivering = false;
                }
            }
            return end;
        } finally {
            order.unlock();
        }
    }

    /** A reader that fails on an entry (a bug) is logged; the entry is in the file, and the next one is delivered. */
    private void handBack(Delivered entry) {
        try {
            reader.deliver(entry);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the line at " + entry.position() + " could not be delivered", e);
        }
        delivered = entry.position();
    }

    /** Guarded by order. */
    private long write(byte[] line) throws IOException {
        try {
            long end = history.append(line);
            if (!writable) {
                writable = true;
                events.historyWritable(true);
                LOG.log(System.Logger.Level.INFO, "history {0} is writable again; text is accepted", history);
            }
            return end;
        } catch (IOException e) {
            if (writable) {
                writable = false;
                LOG.log(System.Logger.Level.ERROR, "history {0} cannot be written ({1}); text is refused until it can",
                        history, e.toString());
            }
            events.historyWritable(false);
            throw e;
        }
    }

    @Override
    public boolean syncsLater() {
        return history.fsync() == FsyncPolicy.BATCH;
    }

    @Override
    public void syncTo(long position) throws IOException {
        history.syncTo(position);
    }

    @Override
    public long delivered() {
        return delivered;
    }

    @Override
    public long copyTail(long end, int lines, OutputStream out) throws IOException {
        return history.copyTail(end, lines, out);
    }

    /** Its readers are this server's clients: a stop adds nothing to the file. */
    @Override
    public boolean outlivesThisServer() {
        return false;
    }

    @Override
    public void close() throws IOException {
        history.close();
    }

    @Override
    public String toString() {
        return history.toString();
    }
}
