package org.netcatchat.bench;

/**
 * One connection's view of what its server sends, in one dialect. Not thread-safe: fed by the connection's
 * I/O loop only.
 */
interface Inbound {
    /** {@code now}: System.nanoTime() when these bytes were read, the arrival time of every line in them. */
    void feed(byte[] bytes, int offset, int count, long now);

    /** What a dialect tells its connection. Called on the connection's I/O loop. */
    interface Events {
        /** The connection is in the room (our ACK of {@code name}; IRC's end of NAMES after JOIN). */
        void joined();

        /** The server has taken one message we sent (our ACK of {@code text}; IRC's PONG of the PING after it). */
        void confirmed(long now);

        /** A line that carried a payload: bytes [from, to) are the payload, valid only during the call. */
        void delivered(byte[] bytes, int from, int to, long now);

        /** The server refused something (an ERR line, an IRC error numeric or ERROR). */
        void failed(String reason);

        /** Bytes the dialect must send back (IRC: PONG to a PING, JOIN after the welcome). */
        void answer(byte[] bytes);
    }
}
