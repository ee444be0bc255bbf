package org.netcatchat.server.hardening;

import org.netcatchat.protocol.Notation;
import org.netcatchat.server.MeteredServer;
import org.netcatchat.testing.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netcatchat.server.TestServer;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Security: metrics can be kept on loopback, names are unique after NFKC and case folding, and nothing a
 * client sends becomes a path.
 */
class SecurityTest {
    private static final String HIST_ARGUMENT = "ERR hist takes nothing or a number of lines from 1 to 999999999";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "[{index}] {0} then {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # joins first | is the same person
            alice         | ａｌｉｃｅ
            alice         | ALICE
            ALICE         | ａｌｉｃｅ
            Alice         | aLiCe
            fish          | ﬁsh
            xii           | Ⅻ
            kelvin        | <xE2><x84><xAA>elvin
            straße        | STRASSE
            οδος          | ΟΔΟΣ
            """)
    void namesThatAreTheSameAfterNfkcAndCaseFoldingCannotBothJoin(String first, String second) {
        try (MeteredServer server = MeteredServer.start(dir);
             WireClient holder = server.joined(first);
             WireClient carol = server.joined("carol");
             WireClient impostor = server.connectAdmitted()) {
            impostor.sendRaw(Notation.bytes("name " + second + "<LF>"));
            assertThat(impostor.nextReply()).singleElement().asString().startsWith("ERR name taken: ");
            carol.sendRaw(Notation.bytes("name " + second + "<LF>"));
            assertThat(carol.nextReply()).singleElement().asString().startsWith("ERR name taken: ");
            assertThat(server.metric("netcat_rejected_frames_total{reason=\"name_taken\"}")).isEqualTo(2);

            holder.close();
            carol.awaitLineContaining("] " + first + " has left our chat...");
            impostor.sendRaw(Notation.bytes("name " + second + "<LF>"));
            assertThat(impostor.nextReply()).as("free again once its holder left").isEmpty();
        }
    }

    @ParameterizedTest(name = "[{index}] alice + U+{0}")
    @CsvSource(textBlock = """
            034F
            FE0F
            115F
            1160
            17B4
            E0100
            3164
            200D
            00AD
            E0041
            """)
    void whileAliceIsOnlineAliceWithAnInvisibleCharacterCannotJoin(String hex) {
        String invisible = Character.toString(Integer.parseInt(hex, 16));
        try (MeteredServer server = MeteredServer.start(dir);
             WireClient alice = server.joined("alice");
             WireClient impostor = server.connectAdmitted()) {
            for (String lookAlike : List.of("alice" + invisible, "ali" + invisible + "ce", invisible + "alice")) {
                List<String> reply = impostor.request("name " + lookAlike);
                assertThat(reply).as("name %s", hex).singleElement().asString()
                        .matches("ERR (invalid name|name taken): .*");
            }
            assertThat(impostor.request("name " + invisible)).as("a blank name").singleElement().asString()
                    .startsWith("ERR invalid name: ");
            assertThat(impostor.request("text hi")).as("still not joined").singleElement().asString()
                    .startsWith("ERR ");
        }
    }

    @ParameterizedTest(name = "[{index}] name {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a name that looks like a path | the reason says
            ../etc/passwd                   | not '/'
            ../../history.txt               | not '/'
            /root                           | not '/'
            a/b                             | not '/'
            ..\\windows                     | not '\\'
            ~root                           | not '~'
            C:x                             | not ':'
            """)
    void namesThatLookLikePathsAreInvalid(String name, String reason) {
        try (MeteredServer server = MeteredServer.start(dir);
             WireClient client = server.connectAdmitted()) {
            List<String> reply = client.request("name " + name);
            assertThat(reply).singleElement().asString().startsWith("ERR invalid name: ").contains(reason);
        }
        assertOnlyTheHistoryFileIn(dir);
    }

    @ParameterizedTest(name = "[{index}] hist {0}")
    @CsvSource(delimiter = '|', textBlock = """
            ../history.txt
            /etc/passwd
            ~/history.txt
            history.txt
            -1
            0
            1e3
            0x10
            １０
            ١٠
            <SP>10
            10<SP>
            10;ls
            1234567890
            """)
    void histTakesALineCountAndNothingElse(String argument) {
        try (MeteredServer server = MeteredServer.start(dir);
             WireClient client = server.joined("alice")) {
            client.sendRaw(Notation.bytes("hist " + argument + "<LF>"));
            assertThat(client.nextReply()).containsExactly(HIST_ARGUMENT);
            assertThat(client.request("hist 999999999")).as("the largest count is just the whole history")
                    .singleElement().asString().endsWith("] alice has joined our chat...");
        }
        assertOnlyTheHistoryFileIn(dir);
    }

    @Test
    void metricsBoundToLoopbackListenOnLoopbackOnly() throws IOException {
        try (MeteredServer server = MeteredServer.start(dir)) { // --metrics-bind 127.0.0.1
            assertThat(ListeningSockets.addressesOf(server.metricsPort()))
                    .containsExactly(InetAddress.getByName("127.0.0.1"));
            assertThat(MeteredServer.fetch(URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")))
                    .contains("netcat_active_connections");
            for (InetAddress other : nonLoopbackAddresses()) {
                try (Socket probe = new Socket()) {
                    assertThatThrownBy(() -> probe.connect(new InetSocketAddress(other, server.metricsPort()), 5_000))
                            .as("metrics from %s", other).isInstanceOf(ConnectException.class);
                }
            }
        }
    }

    @Test
    void metricsWithoutMetricsBindListenOnEveryInterface() throws IOException {
        int metricsPort = FreePort.pick();
        try (TestServer server = TestServer.start(dir, "--metrics-port", Integer.toString(metricsPort))) {
            assertThat(ListeningSockets.addressesOf(metricsPort)).singleElement()
                    .matches(InetAddress::isAnyLocalAddress, "the wildcard address");
            for (InetAddress other : nonLoopbackAddresses()) {
                String host = other.getHostAddress().contains(":") ? "[" + other.getHostAddress() + "]" : other.getHostAddress();
                assertThat(MeteredServer.fetch(URI.create("http://" + host + ":" + metricsPort + "/metrics")))
                        .as("metrics from %s", other).contains("netcat_active_connections");
            }
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(SecurityTest::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .map(address -> {
                    try { // without the interface scope, so the URI and the probe take it as is
                        return InetAddress.getByAddress(address.getAddress());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    private static void assertOnlyTheHistoryFileIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            // the history file, and the sidecar whose lock says which server owns it
            assertThat(files).containsExactlyInAnyOrder(dir.resolve("history.txt"), dir.resolve("history.txt.lock"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
