package org.netcatchat.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection of the fleet: its socket, what it has received (as a receiver) and, for the first
 * {@code senders} connections, what it sends. Owned by one I/O loop; the main thread reads it only after that
 * loop has ended.
 */
final class Connection {
    final int index;
    final String nick;
    /** The dialect as spoken in this connection's room. */
    final Dialect dialect;
    final SocketChannel channel;
    final Streams streams;
    /** Null for a connection that only receives: a field inside the bench, never handed out. */
    final Sender sender;
    Inbound inbound;
    SelectionKey key;
    /** Bytes composed but not yet taken by the kernel, in write mode; allocated on first use. */
    private ByteBuffer out;
    private boolean wantsWrite;
    boolean joined;
    boolean syncSeen;
    boolean syncPending;
    boolean closed;
    int pendingConfirmations;

    Connection(int index, String nick, Dialect dialect, SocketChannel channel, int senders, Sender sender) {
        this.index = index;
        this.nick = nick;
        this.dialect = dialect;
        this.channel = channel;
        this.streams = new Streams(senders);
        this.sender = sender;
    }

    /** The outgoing buffer with room for {@code bytes} more. */
    ByteBuffer out(int bytes) {
        if (out == null) {
            out = ByteBuffer.allocate(Math.max(256, Integer.highestOneBit(bytes) * 2));
        } else if (out.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + bytes));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
        return out;
    }

    /** Writes what the kernel takes now; the rest waits for OP_WRITE. */
    void flush() throws IOException {
        if (out == null || out.position() == 0 || closed) {
            return;
        }
        out.flip();
        channel.write(out);
        out.compact();
        boolean pending = out.position() > 0;
        if (pending != wantsWrite && key != null && key.isValid()) {
            key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            wantsWrite = pending;
        }
    }

    void close() {
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing at the end of a run: nothing left to do with this socket
        }
    }
}
