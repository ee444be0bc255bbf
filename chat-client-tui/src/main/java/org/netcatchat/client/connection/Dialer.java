package org.netcatchat.client.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/** Opens the TCP connection, and says in one line why it could not. */
final class Dialer {

    private Dialer() {
    }

    /**
     * Tries each address of {@code host} in turn (localhost may be ::1 and 127.0.0.1, a server may listen
     * on only one of them), each for at most {@code timeout}.
     */
    static Socket dial(String host, int port, Duration timeout) throws CannotConnect {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new CannotConnect("unknown host", e);
        }
        IOException last = new IOException("no address");
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), Math.toIntExact(timeout.toMillis()));
                // Lines are small and typed one at a time: Nagle would only delay them.
                socket.setTcpNoDelay(true);
                return socket;
            } catch (IOException e) {
                last = e;
                Connection.closeQuietly(socket);
            }
        }
        throw new CannotConnect(describe(last, timeout), last);
    }

    private static String describe(IOException e, Duration timeout) {
        return switch (e) {
            case ConnectException c when c.getMessage() != null && c.getMessage().contains("refused") ->
                    "connection refused (is the server running on that port?)";
            case SocketTimeoutException t -> "no answer within " + timeout.toSeconds() + " s";
            case NoRouteToHostException n -> "no route to host";
            default -> Connection.describe(e);
        };
    }
}
