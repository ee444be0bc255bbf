package org.netcatchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A port that was free a moment ago, for the few tests that must name a port before a server binds it (a
 * metrics port written into a config file, a port taken on purpose). Anything that can bind port 0 and read the
 * port back should: between this probe and the real bind another process may take the port.
 */
public final class FreePort {
    private FreePort() {
    }

    /**
     * A port nothing is bound to, not even a connection in TIME_WAIT. A probe with SO_REUSEADDR (the default of
     * {@code new ServerSocket(0)}) may be given the port of an earlier test server whose closed connections
     * linger in TIME_WAIT; the metrics endpoint binds without SO_REUSEADDR and would then fail. So the probe
     * binds the wildcard address without it. Still only free until someone takes it: a caller that binds it
     * retries on a {@link java.net.BindException}.
     */
    public static int pick() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(0));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
