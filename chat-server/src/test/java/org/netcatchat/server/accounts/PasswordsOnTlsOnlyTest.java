package org.netcatchat.server.accounts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.server.TestCertificate;
import org.netcatchat.server.TestServer;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.netcatchat.server.accounts.OwnedNamesTest.reply;

/** {@code --passwords-on-tls-only}: a password on the plain port is refused before it is even looked at. */
class PasswordsOnTlsOnlyTest {

    @Test
    void passwordsAreTakenOnTheTlsPortAndRefusedOnThePlainOne(@TempDir Path dir) throws IOException {
        TestCertificate certificate = TestCertificate.create(dir, "chat");
        try (TestServer server = TestServer.start(dir, "--password-memory", "1024", "--password-iterations", "1",
                "--tls-port", "0", "--tls-cert", certificate.certificate().toString(),
                "--tls-key", certificate.key().toString(), "--passwords-on-tls-only")) {
            int tlsPort = server.server().tlsPort().orElseThrow();
            try (WireClient plain = server.connectAdmitted()) {
                plain.join("alice");
                assertThat(reply(plain, "pass correct-horse")).startsWith("ERR passwords only over TLS");
                OwnedNamesTest.quitAndAwaitGone(server, plain, "alice");
            }
            try (WireClient secure = WireClient.over(certificate.connect(tlsPort))) {
                secure.awaitGreeting();
                secure.join("alice");
                assertThat(reply(secure, "pass correct-horse")).isEqualTo("ACK");
                OwnedNamesTest.quitAndAwaitGone(server, secure, "alice");
            }
            try (WireClient plain = server.connectAdmitted()) {
                assertThat(reply(plain, "name alice correct-horse")).startsWith("ERR passwords only over TLS");
                assertThat(reply(plain, "name alice")).as("still owned").startsWith("ERR name registered");
            }
            try (WireClient secure = WireClient.over(certificate.connect(tlsPort))) {
                secure.awaitGreeting();
                assertThat(reply(secure, "name alice correct-horse")).isEqualTo("ACK");
            }
        }
    }

    @Test
    void theOptionNeedsATlsPort() {
        assertThatThrownBy(() -> TestServer.parse("--passwords-on-tls-only"))
                .hasMessageContaining("--passwords-on-tls-only needs --tls-port");
    }
}
