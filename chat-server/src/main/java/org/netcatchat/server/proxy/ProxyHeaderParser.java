package org.netcatchat.server.proxy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a PROXY protocol header (HAProxy's spec, versions 1 and 2) from the bytes read so far, and says how
 * many more to read: never more than the header has, so whatever follows it (a TLS ClientHello, or nothing,
 * since the chat's server speaks first) stays unread in the socket. By hand, not with Netty's
 * {@code HAProxyMessageDecoder}: that would bring Netty's buffers and pipeline for some fifty lines of parsing.
 *
 * <pre>
 * v1, text, at most 107 bytes with its CRLF:
 *   "PROXY TCP4 203.0.113.7 192.0.2.1 53122 8989\r\n"   (TCP4, TCP6, or UNKNOWN and anything up to the CRLF)
 *
 * v2, binary, 16 bytes then the address block:
 *   0                   12      13      14      16
 *   +-------------------+-------+-------+-------+----------------------------------------+
 *   | \r\n\r\n\0\r\nQUIT\n | ver/  | fam/  | len   | src addr, dst addr, src port, dst port |
 *   | (the signature)   | cmd   | proto | (BE)  | INET 12 bytes, INET6 36, UNIX 216; TLVs |
 *   +-------------------+-------+-------+-------+----------------------------------------+
 *   ver/cmd: 0x20 LOCAL (the proxy's own, e.g. a health check), 0x21 PROXY
 *   fam/proto: high nibble 0 UNSPEC, 1 INET, 2 INET6, 3 UNIX; low nibble 1 STREAM (0 UNSPEC, 2 DGRAM)
 * </pre>
 *
 * Stateless and thread-safe: {@link #parse} looks at the whole prefix each time (at most {@link #MAX_V2_BYTES}).
 */
public final class ProxyHeaderParser {
    /** The spec's bound for v1: "PROXY TCP6 " and two full IPv6 addresses and ports and CRLF. */
    public static final int MAX_V1_BYTES = 107;
    /**
     * The longest v2 header accepted: the 16 fixed bytes and up to 520 of addresses and TLVs. The spec's own
     * advice for a receiver's buffer is 536 bytes; HAProxy's {@code send-proxy-v2} without TLV options sends 28
     * (IPv4) or 52 (IPv6). The length field could say 65535: that is refused, not read.
     */
    public static final int MAX_V2_BYTES = 536;
    static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int V2_FIXED_BYTES = 16;
    private static final String IPV4 = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}";
    private static final String PORT = "(0|[1-9]\\d{0,4})";
    private static final Pattern V1_TCP4 = Pattern.compile("PROXY TCP4 (" + IPV4 + ") (" + IPV4 + ") " + PORT + " " + PORT);
    private static final Pattern V1_TCP6 = Pattern.compile("PROXY TCP6 ([0-9A-Fa-f:.]{2,45}) ([0-9A-Fa-f:.]{2,45}) " + PORT + " " + PORT);
    private static final Pattern V1_UNKNOWN = Pattern.compile("PROXY UNKNOWN(?: [\\x20-\\x7e]*)?");

    private ProxyHeaderParser() {
    }

    /** Where parsing stands after the bytes read so far. */
    public sealed interface Step {
        /** Read exactly this many more bytes (at least 1), then parse again with them appended. */
        record NeedMore(int bytes) implements Step {
        }

        /** The header is complete and is exactly the bytes given. */
        record Complete(ProxyHeader header) implements Step {
        }

        /** Not a valid header, whatever follows: the connection is to be closed. */
        record Invalid(String why) implements Step {
        }
    }

    /** @param bytes the first {@code length} bytes of the connection, as read; nothing beyond what was asked for */
    public static Step parse(byte[] bytes, int length) {
        if (length == 0) {
            return new Step.NeedMore(1);
        }
        return switch (bytes[0]) {
            case 'P' -> v1(bytes, length);
            case 0x0D -> v2(bytes, length);
            default -> new Step.Invalid("does not start with a PROXY protocol header");
        };
    }

    private static Step v1(byte[] bytes, int length) {
        if (!startsWith(bytes, length, V1_PREFIX)) {
            return new Step.Invalid("does not start with a PROXY protocol header");
        }
        byte last = bytes[length - 1];
        if (last != '\n') {
            if (last != '\r' && (last < 0x20 || last > 0x7e)) {
                return new Step.Invalid("v1 header has a byte that is not printable ASCII");
            }
            return length >= MAX_V1_BYTES ? new Step.Invalid("v1 header longer than " + MAX_V1_BYTES + " bytes")
                    : new Step.NeedMore(1); // byte by byte: the CRLF's place is not known in advance
        }
        if (length < 2 || bytes[length - 2] != '\r') {
            return new Step.Invalid("v1 header ends with LF, not CRLF");
        }
        String line = new String(bytes, 0, length - 2, StandardCharsets.US_ASCII);
        if (line.indexOf('\r') >= 0) {
            return new Step.Invalid("v1 header has a CR before its end");
        }
        Matcher tcp4 = V1_TCP4.matcher(line);
        if (tcp4.matches()) {
            return client(Inet4Address.ofLiteral(tcp4.group(1)), tcp4.group(3));
        }
        Matcher tcp6 = V1_TCP6.matcher(line);
        if (tcp6.matches()) {
            try {
                Inet6Address.ofLiteral(tcp6.group(2)); // the destination must be an address too
                return client(Inet6Address.ofLiteral(tcp6.group(1)), tcp6.group(3));
            } catch (IllegalArgumentException e) {
                return new Step.Invalid("v1 TCP6 header with an address that is not IPv6");
            }
        }
        if (V1_UNKNOWN.matcher(line).matches()) {
            return new Step.Complete(new ProxyHeader(Optional.empty()));
        }
        return new Step.Invalid("v1 header is not PROXY TCP4|TCP6 SRC DST SRCPORT DSTPORT or PROXY UNKNOWN");
    }

    private static Step client(InetAddress address, String port) {
        int number = Integer.parseInt(port);
        if (number > 65535) {
            return new Step.Invalid("v1 header has a port past 65535");
        }
        return new Step.Complete(new ProxyHeader(Optional.of(new InetSocketAddress(address, number))));
    }

    private static Step v2(byte[] bytes, int length) {
        if (!startsWith(bytes, length, V2_SIGNATURE)) {
            return new Step.Invalid("does not start with a PROXY protocol header");
        }
        if (length < V2_FIXED_BYTES) {
            return new Step.NeedMore(V2_FIXED_BYTES - length);
        }
        int versionCommand = bytes[12] & 0xff;
        int family = (bytes[13] & 0xff) >> 4;
        int transport = bytes[13] & 0x0f;
        int addressBytes = ((bytes[14] & 0xff) << 8) | (bytes[15] & 0xff);
        if (versionCommand >> 4 != 2) {
            return new Step.Invalid("v2 header of version " + (versionCommand >> 4) + ", not 2");
        }
        if ((versionCommand & 0x0f) > 1) {
            return new Step.Invalid("v2 header with command " + (versionCommand & 0x0f) + ", neither LOCAL nor PROXY");
        }
        if (family > 3 || transport > 2) {
            return new Step.Invalid("v2 header with an unknown address family or transport");
        }
        if (V2_FIXED_BYTES + addressBytes > MAX_V2_BYTES) {
            return new Step.Invalid("v2 header of " + (V2_FIXED_BYTES + addressBytes) + " bytes, more than " + MAX_V2_BYTES);
        }
        if (length < V2_FIXED_BYTES + addressBytes) {
            return new Step.NeedMore(V2_FIXED_BYTES + addressBytes - length);
        }
        boolean local = (versionCommand & 0x0f) == 0;
        int needed = switch (family) {
            case 1 -> 12;
            case 2 -> 36;
            case 3 -> 216;
            default -> 0;
        };
        if (addressBytes < needed) {
            return new Step.Invalid("v2 header's address block of " + addressBytes + " bytes, less than its family needs");
        }
        if (local || family == 0 || family == 3) {
            return new Step.Complete(new ProxyHeader(Optional.empty())); // the proxy's own, or no IP address to use
        }
        if (transport != 1) {
            return new Step.Invalid("v2 header for a transport other than a TCP stream");
        }
        int addressLength = family == 1 ? 4 : 16;
        byte[] source = Arrays.copyOfRange(bytes, V2_FIXED_BYTES, V2_FIXED_BYTES + addressLength);
        int portAt = V2_FIXED_BYTES + 2 * addressLength;
        int port = ((bytes[portAt] & 0xff) << 8) | (bytes[portAt + 1] & 0xff);
        try {
            return new Step.Complete(new ProxyHeader(Optional.of(new InetSocketAddress(InetAddress.getByAddress(source), port))));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are an IP address", e);
        }
    }

    /** Whether the bytes so far agree with {@code prefix} (as far as either goes). */
    private static boolean startsWith(byte[] bytes, int length, byte[] prefix) {
        for (int i = 0; i < Math.min(length, prefix.length); i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a connection's first bytes are the start of a PROXY header (v1's {@code "PROXY "} or v2's signature,
     * as far as {@code length} goes, at least 5 bytes): a header from an address not trusted to send one.
     */
    public static boolean looksLikeHeader(byte[] bytes, int length) {
        return length >= 5 && (startsWith(bytes, length, V1_PREFIX) || startsWith(bytes, length, V2_SIGNATURE));
    }
}
