package org.netcatchat.server.connection;

import jdk.net.ExtendedSocketOptions;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketOption;

/**
 * TCP keepalive for every admitted connection, so a peer that vanished without a FIN or RST (a laptop
 * closed, a NAT that forgot the mapping) is found and its slot freed even in a quiet room, where nothing is
 * ever written to it. The kernel's default waits two hours before the first probe; where the platform lets
 * us (Linux, macOS, Windows 10+) the first probe goes after {@link #IDLE_SECONDS} of silence, then every
 * {@link #INTERVAL_SECONDS}, and the connection is reset after {@link #PROBES} unanswered: about two minutes.
 * A probe is an empty segment every minute at most: nothing a live client notices.
 */
final class Keepalive {
    static final int IDLE_SECONDS = 60;
    static final int INTERVAL_SECONDS = 10;
    static final int PROBES = 6;

    private Keepalive() {
    }

    static void enable(Socket socket) throws IOException {
        socket.setKeepAlive(true);
        setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPIDLE, IDLE_SECONDS);
        setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPINTERVAL, INTERVAL_SECONDS);
        setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPCOUNT, PROBES);
    }

    private static void setIfSupported(Socket socket, SocketOption<Integer> option, int value) throws IOException {
        if (socket.supportedOptions().contains(option)) {
            socket.setOption(option, value);
        }
    }
}
