package org.netcatchat.server.proxy;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What a PROXY protocol header said about a connection: the client's address and port, or nothing when the
 * proxy spoke for itself (v2 {@code LOCAL}, a health check) or could not say (v1 {@code UNKNOWN}, v2
 * {@code UNSPEC} or a UNIX socket). Then the connection is the proxy's own, and its address is used. Immutable.
 */
public record ProxyHeader(Optional<InetSocketAddress> client) {
    public ProxyHeader {
        Objects.requireNonNull(client, "client");
    }

    /** The address the server is to use for this connection: the client's, or else the proxy's own. */
    public InetSocketAddress clientOr(InetSocketAddress proxy) {
        return client.orElse(proxy);
    }
}
