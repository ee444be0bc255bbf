package org.netcatchat.client.connection;

/**
 * Whether a stream starts as a TLS server's answer: the header of a TLS record, whose first byte is its content
 * type (0x15 an alert, 0x16 a handshake) and whose second the major version, 0x03 from SSL 3.0 to TLS 1.3. A TLS
 * port answers a plain client's first line with an alert (or, to a client hello, a handshake); a chat server's
 * first bytes are text or 0x00, never these. Only the first two bytes are looked at.
 *
 * <p>Not thread-safe: the one reader thread.
 */
final class TlsRecord {
    private static final byte ALERT = 0x15;
    private static final byte HANDSHAKE = 0x16;
    private static final byte MAJOR_VERSION = 0x03;

    /** How many of the stream's first two bytes were looked at. */
    private int looked;
    private byte first;

    /** Looks at the next {@code count} bytes of the stream; true once its first two are a TLS record's. */
    boolean seen(byte[] bytes, int count) {
        for (int i = 0; i < count && looked < 2; i++, looked++) {
            if (looked == 0) {
                first = bytes[i];
            } else {
                return (first == ALERT || first == HANDSHAKE) && bytes[i] == MAJOR_VERSION;
            }
        }
        return false;
    }
}
