package org.netcatchat.server.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Reads the PROXY protocol header a trusted proxy sends first, on the connection's own thread: exactly the header's
 * bytes (so a TLS handshake or the chat can follow on the same socket), at most {@link ProxyHeaderParser#MAX_V2_BYTES},
 * and within a deadline for the whole header, so a peer that sends one byte a second cannot hold its slot for long.
 * Thread-safe (no state).
 */
public final class ProxyHeaderReader {
    private final Duration timeout;

    /** @param timeout the longest the whole header may take to arrive; more than zero */
    public ProxyHeaderReader(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("the PROXY header timeout must be more than zero, got " + timeout);
        }
        this.timeout = timeout;
    }

    /** A connection from a trusted proxy that did not start with a valid header in time. */
    public static final class InvalidHeader extends Exception {
        InvalidHeader(String message) {
            super(message);
        }
    }

    /**
     * @return the address to use for this connection: the client's as the header says, or the proxy's own
     * @throws InvalidHeader when what arrived is no valid header, or not all of it within the timeout
     * @throws IOException when the socket broke; the socket's read timeout is left at the header's, set it anew
     */
    public InetSocketAddress read(Socket socket) throws IOException, InvalidHeader {
        InputStream in = socket.getInputStream();
        byte[] bytes = new byte[ProxyHeaderParser.MAX_V2_BYTES];
        int length = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            switch (ProxyHeaderParser.parse(bytes, length)) {
                case ProxyHeaderParser.Step.Complete complete -> {
                    return complete.header().clientOr((InetSocketAddress) socket.getRemoteSocketAddress());
                }
                case ProxyHeaderParser.Step.Invalid invalid -> throw new InvalidHeader(invalid.why());
                case ProxyHeaderParser.Step.NeedMore more -> {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new InvalidHeader("no complete PROXY header within " + timeout.toMillis() + " ms");
                    }
                    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
                    try {
                        int count = in.read(bytes, length, more.bytes());
                        if (count < 0) {
                            throw new InvalidHeader(length == 0 ? "closed before sending a PROXY header"
                                    : "closed in the middle of its PROXY header");
                        }
                        length += count;
                    } catch (SocketTimeoutException e) {
                        // the deadline is checked at the top
                    } catch (EOFException e) {
                        throw new InvalidHeader("closed in the middle of its PROXY header");
                    }
                }
            }
        }
    }
}
