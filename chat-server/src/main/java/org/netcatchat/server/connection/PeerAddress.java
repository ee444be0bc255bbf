package org.netcatchat.server.connection;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.Socket;

/** How log lines name the other end of a connection: {@code 203.0.113.7:53122}, {@code [2001:db8::7]:53122}. */
public final class PeerAddress {
    private PeerAddress() {
    }

    public static String of(Socket socket) {
        InetAddress address = socket.getInetAddress();
        if (address == null) {
            return "unconnected";
        }
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + socket.getPort();
    }
}
