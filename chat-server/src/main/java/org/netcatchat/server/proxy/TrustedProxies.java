package org.netcatchat.server.proxy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The proxies allowed to say who their clients are ({@code --proxy-from ADDR|CIDR}, repeatable): a connection from
 * one of them must start with a PROXY protocol header, and the address in it is the client's. From anywhere else a
 * header is never believed. An IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1}, what a dual-stack socket
 * reports) matches as its IPv4 address. Immutable.
 */
public record TrustedProxies(List<Range> ranges) {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    public TrustedProxies {
        ranges = List.copyOf(ranges);
    }

    /** One address or network: {@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code fd00::/8}. */
    public record Range(byte[] network, int prefixBits, String text) {
        public Range {
            Objects.requireNonNull(network, "network");
            network = network.clone();
        }

        /**
         * {@code ADDR} or {@code ADDR/BITS}, an IP literal (never looked up by name: a DNS answer must not decide
         * whom the server trusts).
         */
        public static Range parse(String text) {
            String trimmed = text.strip();
            int slash = trimmed.indexOf('/');
            String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
            InetAddress parsed;
            try {
                parsed = address.contains(":") ? Inet6Address.ofLiteral(address) : Inet4Address.ofLiteral(address);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--proxy-from takes an IP address or ADDR/BITS, not '" + text + "'");
            }
            byte[] bytes = normalized(parsed);
            int bits = bytes.length * 8;
            if (slash >= 0) {
                String suffix = trimmed.substring(slash + 1);
                if (!suffix.matches("\\d{1,3}") || Integer.parseInt(suffix) > bits) {
                    throw new IllegalArgumentException("--proxy-from: the prefix of '" + text + "' must be from 0 to " + bits);
                }
                bits = Integer.parseInt(suffix);
            }
            return new Range(bytes, bits, trimmed);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixBits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public static TrustedProxies of(List<String> texts) {
        return new TrustedProxies(texts.stream().map(Range::parse).toList());
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean trusts(InetAddress address) {
        byte[] bytes = normalized(address);
        return ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    /** Its bytes, an IPv4-mapped IPv6 address as its 4 IPv4 bytes. */
    private static byte[] normalized(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && isIpv4Mapped(bytes)) {
            return java.util.Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
