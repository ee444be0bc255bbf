package org.netcatchat.bench;

/**
 * The sending side of one connection: its stream's next sequence number, what is still unconfirmed, and (at
 * a fixed rate) when the next message is due. Owned by the connection's I/O loop.
 */
final class Sender {
    final int id;
    /** Nanoseconds between two messages of this sender at a fixed rate; 0 = as fast as the window allows. */
    final long interval;
    int nextSeq;
    int unconfirmed;
    long nextDue;
    /** Compose times of the unconfirmed messages, oldest first: confirmations come back in order. */
    private long[] sendTimes = new long[16];
    private int head;
    private int size;

    Sender(int id, long interval) {
        this.id = id;
        this.interval = interval;
    }

    void sent(long nanos) {
        if (size == sendTimes.length) {
            long[] bigger = new long[sendTimes.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = sendTimes[(head + i) % sendTimes.length];
            }
            sendTimes = bigger;
            head = 0;
        }
        sendTimes[(head + size) % sendTimes.length] = nanos;
        size++;
        nextSeq++;
        unconfirmed++;
    }

    /** The compose time of the message just confirmed. */
    long confirmed() {
        if (size == 0) {
            throw new IllegalStateException("sender " + id + ": a confirmation for nothing sent");
        }
        long nanos = sendTimes[head];
        head = (head + 1) % sendTimes.length;
        size--;
        unconfirmed--;
        return nanos;
    }

    @Override
    public String toString() {
        return "Sender[" + id + ", next seq " + nextSeq + ", unconfirmed " + unconfirmed + "]";
    }
}
