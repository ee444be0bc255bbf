package org.netcatchat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.RepeatedTest;

class FreePortTest {
    @RepeatedTest(5)
    void aPickedPortCanBeBoundWithoutReuseOnLoopbackAndOnEveryAddress() throws IOException {
        int port = FreePort.pick();

        assertThat(port).isBetween(1, 65535);
        try (ServerSocket loopback = new ServerSocket()) {
            loopback.setReuseAddress(false);
            loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        try (ServerSocket wildcard = new ServerSocket()) {
            wildcard.setReuseAddress(false);
            wildcard.bind(new InetSocketAddress(port));
        }
    }
}
