package org.netcatchat.server.hardening;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.server.MeteredServer;
import org.netcatchat.server.TestCertificate;
import org.netcatchat.testing.WireClient;

import javax.net.ssl.SSLSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PROXY protocol against the real server, the test playing the proxy: every socket comes from 127.0.0.1,
 * which is trusted ({@code --proxy-from 127.0.0.1}), and the header says which client it carries. 127.0.0.2 plays
 * an address that is not trusted. On the base commit (no {@code --proxy-from}) every one of these fails.
 */
class ProxyProtocolTest {
    private static final String PER_ADDRESS = "netcat_refused_connections_total{reason=\"per_address_limit\"}";
    private static final String INVALID = "netcat_proxy_header_rejections_total{reason=\"invalid\"}";
    private static final String UNTRUSTED = "netcat_proxy_header_rejections_total{reason=\"untrusted\"}";

    @TempDir
    Path dir;

    @Test
    void clientsBehindATrustedProxyAreLimitedByTheAddressInTheirHeaderNotByTheProxys() {
        try (MeteredServer server = MeteredServer.start(dir, "--proxy-from", "127.0.0.1", "--max-connections-per-ip", "2")) {
            List<WireClient> admitted = new ArrayList<>();
            try {
                admitted.add(proxied(server, v1("203.0.113.1", 40001)));
                admitted.add(proxied(server, v2("cb007101", 40002))); // 203.0.113.1 again, in binary
                // Each header is read on a thread of its own: both are admitted (greeted) before the third comes.
                admitted.forEach(WireClient::awaitGreeting);
                try (WireClient third = WireClient.connect(server.port())) {
                    third.sendRaw(v1("203.0.113.1", 40003));
                    assertThat(third.awaitClosed()).containsExactly("Closing: too many connections from your address (max 2).");
                }
                server.awaitMetric(PER_ADDRESS, 1);
                // Another client through the same proxy, and the proxy's own health checks (v2 LOCAL): their own budgets.
                admitted.add(proxied(server, v1("203.0.113.2", 40004)));
                admitted.add(proxied(server, hex("0d0a0d0a000d0a515549540a 20 00 0000")));
                admitted.add(proxied(server, ascii("PROXY UNKNOWN\r\n")));
                for (WireClient client : admitted.subList(2, admitted.size())) {
                    client.awaitGreeting();
                }
                assertThat(server.liveConnections()).isEqualTo(5);
                assertThat(server.metric(PER_ADDRESS)).isEqualTo(1);
            } finally {
                admitted.forEach(WireClient::close);
            }
        }
    }

    @Test
    void aConnectionFromATrustedProxyWithoutAValidHeaderIsClosedAndCounted() {
        // --login-timeout 1 shortens the header's own 5 s: the silent one is closed after a second.
        try (MeteredServer server = MeteredServer.start(dir, "--proxy-from", "127.0.0.1", "--login-timeout", "1")) {
            try (WireClient chat = WireClient.connect(server.port())) {
                chat.send("name alice");
                assertThat(chat.awaitClosed()).as("no greeting: it never was a chat connection").isEmpty();
            }
            try (WireClient huge = WireClient.connect(server.port())) {
                huge.sendRaw(hex("0d0a0d0a000d0a515549540a 21 11 ffff"));
                assertThat(huge.awaitClosed()).isEmpty();
            }
            try (WireClient silent = WireClient.connect(server.port())) {
                assertThat(silent.awaitClosed()).isEmpty();
            }
            server.awaitMetric(INVALID, 3);
            assertThat(server.liveConnections()).isZero();
        }
    }

    @Test
    void aHeaderFromAnAddressNotTrustedIsNotBelievedAndTheConnectionIsClosed() {
        try (MeteredServer server = MeteredServer.start(dir, "--proxy-from", "127.0.0.1")) {
            try (WireClient spoofer = WireClient.connectFrom("127.0.0.2", server.port())) {
                spoofer.awaitGreeting();
                spoofer.sendRaw(v1("203.0.113.9", 40009));
                assertThat(spoofer.awaitClosed()).isEmpty();
            }
            try (WireClient spoofer = WireClient.connectFrom("127.0.0.2", server.port())) {
                spoofer.awaitGreeting();
                spoofer.sendRaw(v2("cb007109", 40010));
                assertThat(spoofer.awaitClosed()).isEmpty();
            }
            server.awaitMetric(UNTRUSTED, 2);
        }
    }

    @Test
    void withoutTrustedProxiesAHeaderIsRefusedFromAnyone() {
        try (MeteredServer server = MeteredServer.start(dir)) {
            try (WireClient spoofer = WireClient.connect(server.port())) {
                spoofer.awaitGreeting();
                spoofer.sendRaw(v1("203.0.113.9", 40009));
                assertThat(spoofer.awaitClosed()).isEmpty();
            }
            server.awaitMetric(UNTRUSTED, 1);
        }
    }

    @Test
    void onTheTlsPortTheHeaderComesBeforeTheHandshakeAsHaproxySendsIt() throws Exception {
        TestCertificate certificate = TestCertificate.create(dir, "localhost");
        try (MeteredServer server = MeteredServer.start(dir, "--proxy-from", "127.0.0.1", "--max-connections-per-ip", "1",
                "--tls-port", "0", "--tls-cert", certificate.certificate().toString(),
                "--tls-key", certificate.key().toString())) {
            int tlsPort = server.server().server().tlsPort().orElseThrow();
            List<WireClient> clients = new ArrayList<>();
            try {
                for (String client : List.of("cb007101", "cb007102")) { // two clients, one connection each
                    Socket plain = new Socket();
                    plain.connect(new InetSocketAddress("127.0.0.1", tlsPort), (int) WireClient.DEADLINE.toMillis());
                    plain.getOutputStream().write(v2(client, 40001));
                    SSLSocket tls = (SSLSocket) certificate.clientContext().getSocketFactory()
                            .createSocket(plain, "localhost", tlsPort, true);
                    tls.setSoTimeout((int) WireClient.DEADLINE.toMillis());
                    tls.startHandshake();
                    WireClient wire = WireClient.over(tls);
                    clients.add(wire);
                    wire.awaitGreeting();
                }
                assertThat(server.liveConnections()).isEqualTo(2);
            } finally {
                clients.forEach(WireClient::close);
            }
        }
    }

    private static WireClient proxied(MeteredServer server, byte[] header) {
        return WireClient.connect(server.port()).sendRaw(header);
    }

    static byte[] v1(String client, int port) {
        return ascii("PROXY TCP4 " + client + " 127.0.0.1 " + port + " 8989\r\n");
    }

    /** v2 PROXY over TCP/IPv4 from {@code clientHex} (8 hex digits) to 127.0.0.1:8989. */
    static byte[] v2(String clientHex, int port) {
        return hex("0d0a0d0a000d0a515549540a 21 11 000c " + clientHex + " 7f000001 " + String.format("%04x", port) + " 231d");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }
}
