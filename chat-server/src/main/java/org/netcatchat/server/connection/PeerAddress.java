package org.netcatchat.server.connection;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
        return of(address, socket.getPort());
    }

    /** A client's address as a PROXY protocol header gave it. */
    public static String of(InetSocketAddress client) {
        return of(client.getAddress(), client.getPort());
    }

    private static String of(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
