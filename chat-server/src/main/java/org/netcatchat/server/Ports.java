package org.netcatchat.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The listening sockets, plain-text and TLS, behind one blocking {@link #accept}: the listener takes a slot, then
 * accepts from whichever port has a client waiting, so one connection limit covers both ports exactly (with a
 * loop per port, each would hold a slot while it waits). Accepted sockets are blocking, like any other.
 *
 * <p>{@link #accept} is for the listener thread only; {@link #close} may be called from any thread and wakes it.
 */
final class Ports implements AutoCloseable {
    enum Kind { PLAIN, TLS }

    /** A client taken from one of the ports. */
    record Accepted(Socket socket, Kind kind) {
    }

    private final Selector selector;
    private final List<ServerSocketChannel> channels;
    /** Written while opening only. */
    private final Map<Kind, InetSocketAddress> bound = new EnumMap<>(Kind.class);
    private volatile boolean closed;
    /** Used by the listener thread only. */
    private Kind lastServed = Kind.TLS;

    private Ports(Selector selector, List<ServerSocketChannel> channels) {
        this.selector = selector;
        this.channels = channels;
    }

    /** Binds the plain port unless {@code --no-plain}, and the TLS port if there is one. */
    static Ports open(ServerOptions options, int backlog) throws IOException {
        Selector selector = Selector.open();
        List<ServerSocketChannel> channels = new ArrayList<>();
        Ports ports = new Ports(selector, channels);
        try {
            if (options.plain()) {
                ports.add(bind(selector, options, options.port(), Kind.PLAIN, backlog), Kind.PLAIN);
            }
            if (options.tls().isPresent()) {
                ports.add(bind(selector, options, options.tls().get().port(), Kind.TLS, backlog), Kind.TLS);
            }
            return ports;
        } catch (IOException | RuntimeException e) {
            ports.close();
            throw e;
        }
    }

    private void add(ServerSocketChannel channel, Kind kind) throws IOException {
        channels.add(channel);
        bound.put(kind, (InetSocketAddress) channel.getLocalAddress());
    }

    private static ServerSocketChannel bind(Selector selector, ServerOptions options, int port, Kind kind, int backlog)
            throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(options.bind(), port), backlog);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_ACCEPT, kind);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The port of that kind, if it is open (the one bound, when 0 asked for a free one). */
    Optional<Integer> port(Kind kind) {
        return address(kind).map(InetSocketAddress::getPort);
    }

    /**
     * The address the port of that kind is bound to, as the kernel has it: {@code [::]} for the wildcard on a
     * dual-stack machine (the JDK opens IPv6 sockets that take IPv4 too), {@code 0.0.0.0} on an IPv4-only one.
     */
    Optional<InetSocketAddress> address(Kind kind) {
        return Optional.ofNullable(bound.get(kind));
    }

    /** Waits for a client on any port. @throws ClosedChannelException once {@link #close}d */
    Accepted accept() throws IOException {
        try {
            while (!closed) {
                selector.select();
                List<SelectionKey> ready = new ArrayList<>(selector.selectedKeys());
                selector.selectedKeys().clear();
                // Under load both ports stay ready: take turns, so neither starves the other.
                ready.sort(Comparator.comparing((SelectionKey key) -> key.attachment() == lastServed));
                for (SelectionKey key : ready) {
                    SocketChannel client = ((ServerSocketChannel) key.channel()).accept();
                    if (client != null) {
                        // One per call (one slot was taken): a port left ready makes the next select return at once.
                        client.configureBlocking(true);
                        lastServed = (Kind) key.attachment();
                        return new Accepted(client.socket(), lastServed);
                    }
                }
            }
        } catch (ClosedSelectorException e) {
            // closed while selecting
        }
        throw new ClosedChannelException();
    }

    @Override
    public void close() {
        closed = true;
        for (ServerSocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                System.getLogger(Ports.class.getName()).log(System.Logger.Level.DEBUG, "closing a port: {0}", e.toString());
            }
        }
        try {
            selector.close(); // wakes a select in progress
        } catch (IOException e) {
            System.getLogger(Ports.class.getName()).log(System.Logger.Level.DEBUG, "closing the selector: {0}", e.toString());
        }
    }
}
