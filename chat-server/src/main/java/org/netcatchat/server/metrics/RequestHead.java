package org.netcatchat.server.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of an HTTP/1.x request the metrics port reads: the request line and the headers, up to the empty
 * line. A body, if any, is never read (the connection is closed after one answer).
 *
 * @param method {@code GET}, {@code HEAD}, ...
 * @param path   the target without its query
 * @param accept the {@code Accept} header, which chooses the text format of {@code /metrics}
 */
record RequestHead(String method, String path, Optional<String> accept) {
    /** A scraper's request is a few hundred bytes; this bounds what one connection can make us hold. */
    static final int MAX_BYTES = 8192;

    RequestHead {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(accept, "accept");
    }

    /** Why a request could not be read: it gets a 400 or 431 rather than an answer. */
    static final class Malformed extends Exception {
        final int status;

        Malformed(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * Reads up to the empty line that ends the headers. Lines may end in CRLF or LF alone (as curl and nc send).
     *
     * @throws IOException on end of stream before the headers ended, or when the socket is closed under it
     */
    static RequestHead read(InputStream in) throws IOException, Malformed {
        byte[] head = new byte[MAX_BYTES];
        int length = 0;
        while (!endsWithEmptyLine(head, length)) {
            if (length == MAX_BYTES) {
                throw new Malformed(431, "request headers over " + MAX_BYTES + " bytes");
            }
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream inside the request headers");
            }
            head[length++] = (byte) b;
        }
        String[] lines = new String(head, 0, length, StandardCharsets.ISO_8859_1).split("\r?\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/")) {
            throw new Malformed(400, "not an HTTP request line");
        }
        String target = requestLine[1];
        int query = target.indexOf('?');
        Optional<String> accept = Optional.empty();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("accept")) {
                accept = Optional.of(lines[i].substring(colon + 1).trim());
            }
        }
        return new RequestHead(requestLine[0], query < 0 ? target : target.substring(0, query), accept);
    }

    private static boolean endsWithEmptyLine(byte[] head, int length) {
        return length >= 2 && head[length - 1] == '\n'
                && (head[length - 2] == '\n' || length >= 3 && head[length - 2] == '\r' && head[length - 3] == '\n');
    }
}
