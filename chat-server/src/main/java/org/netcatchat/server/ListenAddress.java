package org.netcatchat.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A listening address as the start-up line says it: what the socket really takes. The JDK binds the wildcard
 * {@code 0.0.0.0} as an IPv6 socket that takes IPv4 too wherever IPv6 is available, so the line said
 * {@code 0.0.0.0:8989} of a port that answered on {@code [::1]} as well. Stateless.
 */
final class ListenAddress {
    private ListenAddress() {
    }

    /** {@code [::]:8989 (every IPv4 and IPv6 address)}, {@code 0.0.0.0:8989 (every IPv4 address)}, {@code 127.0.0.1:8989}. */
    static String describe(InetSocketAddress bound) {
        return hostAndPort(bound.getAddress(), bound.getPort()) + scope(bound.getAddress());
    }

    /** {@code http://[::]:2112/metrics (every IPv4 and IPv6 address)}: the wildcard as {@code dualStack} says. */
    static String describeUrl(InetAddress bind, int port, boolean dualStack) {
        InetAddress shown = bind.isAnyLocalAddress() && dualStack ? new InetSocketAddress("::", 0).getAddress() : bind;
        return "http://" + hostAndPort(shown, port) + "/metrics" + scope(shown);
    }

    private static String hostAndPort(InetAddress address, int port) {
        String host = address.getHostAddress();
        if (address instanceof Inet6Address) {
            host = "[" + (address.isAnyLocalAddress() ? "::" : host) + "]";
        }
        return host + ":" + port;
    }

    private static String scope(InetAddress address) {
        if (!address.isAnyLocalAddress()) {
            return "";
        }
        return address instanceof Inet6Address ? " (every IPv4 and IPv6 address)" : " (every IPv4 address)";
    }
}
