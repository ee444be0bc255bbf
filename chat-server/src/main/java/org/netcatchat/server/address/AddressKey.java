package org.netcatchat.server.address;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The unit that limits per address apply to: an IPv4 address, or the /64 prefix of an IPv6 address (whoever
 * owns one IPv6 address usually owns its whole /64, so counting single IPv6 addresses would be no limit at all).
 * An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}, what a dual-stack socket reports) is its IPv4 address.
 *
 * @param value {@code 192.0.2.1} or {@code 2001:db8:1:2:0:0:0:0/64}: printable, for logs
 */
public record AddressKey(String value) {
    private static final int IPV6_PREFIX_BYTES = 8;

    public AddressKey {
        Objects.requireNonNull(value, "value");
    }

    public static AddressKey of(InetAddress address) {
        return switch (address) {
            case Inet4Address v4 -> new AddressKey(v4.getHostAddress());
            case Inet6Address v6 -> ofIpv6(v6.getAddress());
            default -> throw new IllegalArgumentException("neither IPv4 nor IPv6: " + address);
        };
    }

    private static AddressKey ofIpv6(byte[] bytes) {
        if (isIpv4Mapped(bytes)) {
            return new AddressKey(ipv4(Arrays.copyOfRange(bytes, 12, 16)).getHostAddress());
        }
        byte[] prefix = Arrays.copyOf(bytes, 16);
        Arrays.fill(prefix, IPV6_PREFIX_BYTES, 16, (byte) 0);
        try {
            return new AddressKey(InetAddress.getByAddress(prefix).getHostAddress() + "/64");
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are an IPv6 address", e);
        }
    }

    /** {@code ::ffff:a.b.c.d}: ten zero bytes, two 0xff bytes, then the IPv4 address. */
    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static InetAddress ipv4(byte[] four) {
        try {
            return InetAddress.getByAddress(four);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are an IPv4 address", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
