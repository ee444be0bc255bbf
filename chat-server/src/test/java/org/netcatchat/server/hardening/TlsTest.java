package org.netcatchat.server.hardening;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netcatchat.server.MeteredServer;
import org.netcatchat.server.TestCertificate;
import org.netcatchat.testing.WireClient;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TLS port against the real server, with a certificate made by {@code openssl} in the test: real handshakes
 * from a JDK client that trusts only that certificate and verifies the host name, and from {@code openssl s_client}.
 */
class TlsTest {
    private static final String HANDSHAKE_FAILURES = "netcat_tls_handshake_failures_total";
    private static final String EXPIRY = "netcat_tls_certificate_expiry_seconds";

    @TempDir
    Path dir;
    private TestCertificate certificate;

    @BeforeEach
    void makeCertificate() {
        certificate = TestCertificate.create(dir, "first");
    }

    private MeteredServer startTls(String... more) {
        List<String> args = new ArrayList<>(List.of("--tls-port", "0", "--tls-cert", certificate.certificate().toString(),
                "--tls-key", certificate.key().toString()));
        args.addAll(List.of(more));
        return MeteredServer.start(dir, args.toArray(String[]::new));
    }

    private static int tlsPort(MeteredServer server) {
        return server.server().server().tlsPort().orElseThrow();
    }

    @Test
    void aTlsClientAndAPlainClientChatInOneRoom() throws Exception {
        try (MeteredServer server = startTls();
             WireClient plain = server.joined("plain")) {
            SSLSocket socket = certificate.connect(tlsPort(server));
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            try (WireClient secure = WireClient.over(socket)) {
                secure.awaitGreeting();
                secure.join("secure");
                plain.awaitLineContaining("secure has joined");

                secure.send("text hello over TLS");
                assertThat(plain.awaitLineContaining("hello over TLS")).endsWith("[secure]:hello over TLS");
                plain.send("text hello in plain text");
                assertThat(secure.awaitLineContaining("hello in plain")).endsWith("[plain]:hello in plain text");
            }
            assertThat(server.metric(HANDSHAKE_FAILURES)).isZero();
        }
    }

    @Test
    void oneConnectionLimitCoversBothPorts() throws Exception {
        try (MeteredServer server = startTls("--max-connections", "2")) {
            WireClient plain = server.connectAdmitted();
            WireClient secure = WireClient.over(certificate.connect(tlsPort(server)));
            secure.awaitGreeting();

            // Both slots are taken: a third client waits, on either port.
            WireClient waitingPlain = server.connect();
            CompletableFuture<SSLSocket> waitingSecure = CompletableFuture.supplyAsync(() -> {
                try {
                    return certificate.connect(tlsPort(server));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, Executors.newVirtualThreadPerTaskExecutor());
            // A round trip on each admitted connection: had the server accepted another, it would have greeted it first.
            assertThat(plain.request("hist 1")).isEmpty();
            assertThat(secure.request("hist 1")).isEmpty();
            assertThat(server.liveConnections()).isEqualTo(2);
            assertThat(waitingPlain.hasPending()).isFalse();
            assertThat(waitingSecure).isNotDone();

            secure.close();
            plain.close();
            waitingPlain.awaitGreeting();
            try (WireClient third = WireClient.over(waitingSecure.get(WireClient.DEADLINE.toMillis(), TimeUnit.MILLISECONDS))) {
                third.awaitGreeting();
            }
            waitingPlain.close();
        }
    }

    @Test
    void noPlainServesTlsOnly() throws Exception {
        try (MeteredServer server = startTls("--no-plain")) {
            assertThat(server.server().server().plainPort()).isEmpty();
            try (WireClient secure = WireClient.over(certificate.connect(tlsPort(server)))) {
                secure.awaitGreeting();
                secure.join("only");
            }
        }
    }

    @Test
    void tlsOneTwoIsServedAndTlsOneOneIsRefused() {
        try (MeteredServer server = startTls()) {
            String address = "127.0.0.1:" + tlsPort(server);
            TestCertificate.Run twelve = TestCertificate.run("quit\n".getBytes(StandardCharsets.UTF_8),
                    "s_client", "-connect", address, "-tls1_2", "-CAfile", certificate.certificate().toString(),
                    "-verify_return_error", "-ign_eof");
            assertThat(twelve.output()).contains("Protocol  : TLSv1.2").contains("Welcome to netcat-chat");

            // SECLEVEL=0 lets openssl itself offer TLS 1.1; the server must refuse it.
            TestCertificate.Run eleven = TestCertificate.run(new byte[0], "s_client", "-connect", address,
                    "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
            assertThat(eleven.status()).as(eleven.output()).isNotZero();
            assertThat(eleven.output()).doesNotContain("Welcome to netcat-chat");
            server.awaitMetric(HANDSHAKE_FAILURES, 1);
        }
    }

    @Test
    void theReadmeCommandChatsOverTls() {
        try (MeteredServer server = startTls()) {
            TestCertificate.Run run = TestCertificate.run("name ossl\ntext hi from openssl\nquit\n".getBytes(StandardCharsets.UTF_8),
                    "s_client", "-quiet", "-connect", "localhost:" + tlsPort(server), "-CAfile",
                    certificate.certificate().toString(), "-verify_return_error", "-ign_eof");
            assertThat(run.output()).contains("Welcome to netcat-chat").contains("[ossl]:hi from openssl");
        }
    }

    @Test
    void plainTextOnTheTlsPortDoesNotKeepItsSlot() {
        // One slot, one second to handshake: a silent client and a plain-text one each give the slot back.
        try (MeteredServer server = startTls("--max-connections", "1", "--login-timeout", "1")) {
            try (WireClient silent = WireClient.connect(tlsPort(server))) {
                assertThat(silent.awaitClosed()).isEmpty();
            }
            try (WireClient plainText = WireClient.connect(tlsPort(server))) {
                plainText.send("name mallory");
                assertThat(plainText.awaitClosed()).allMatch(line -> !line.contains("Welcome"));
            }
            server.awaitMetric(HANDSHAKE_FAILURES, 2);
            try (WireClient next = server.connectAdmitted()) {
                next.join("next");
            }
        }
    }

    @Test
    void aRefusedTlsConnectionIsRefusedBeforeTheHandshake() throws Exception {
        try (MeteredServer server = startTls("--max-connections-per-ip", "1");
             WireClient first = WireClient.over(certificate.connect(tlsPort(server)))) {
            first.awaitGreeting();

            TestCertificate.Run refused = TestCertificate.run(new byte[0], "s_client", "-connect",
                    "127.0.0.1:" + tlsPort(server), "-CAfile", certificate.certificate().toString());
            assertThat(refused.status()).as(refused.output()).isNotZero();
            // The server sent its alert and no certificate: it signed nothing for a connection it refuses.
            assertThat(refused.output()).contains("alert access denied").contains("no peer certificate available");
            assertThatThrownBy(() -> certificate.connect(tlsPort(server))).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("access_denied");
            server.awaitMetric("netcat_refused_connections_total{reason=\"per_address_limit\"}", 2);
            assertThat(server.metric(HANDSHAKE_FAILURES)).isZero();
        }
    }

    @Test
    void onlyAeadSuitesAreServedAndCbcIsRefused() {
        try (MeteredServer server = startTls()) {
            String address = "127.0.0.1:" + tlsPort(server);
            // The EC certificate's CBC suites the JDK enables by default; AES128-SHA (RSA key exchange) the JDK refuses anyway.
            for (String cbc : List.of("ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA", "ECDHE-ECDSA-AES128-SHA256",
                    "ECDHE-ECDSA-AES256-SHA384", "AES128-SHA")) {
                TestCertificate.Run run = TestCertificate.run(new byte[0], "s_client", "-connect", address, "-tls1_2",
                        "-cipher", cbc);
                assertThat(run.status()).as("%s: %s", cbc, run.output()).isNotZero();
                assertThat(run.output()).as(cbc).doesNotContain("Welcome to netcat-chat");
            }
            for (String aead : List.of("ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
                    "ECDHE-ECDSA-CHACHA20-POLY1305")) {
                TestCertificate.Run run = TestCertificate.run("quit\n".getBytes(StandardCharsets.UTF_8), "s_client",
                        "-connect", address, "-tls1_2", "-cipher", aead, "-ign_eof");
                assertThat(run.output()).as(aead).contains("Cipher    : " + aead).contains("Welcome to netcat-chat");
            }
            TestCertificate.Run thirteen = TestCertificate.run("quit\n".getBytes(StandardCharsets.UTF_8), "s_client",
                    "-connect", address, "-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256", "-ign_eof");
            assertThat(thirteen.output()).contains("TLS_CHACHA20_POLY1305_SHA256").contains("Welcome to netcat-chat");
        }
    }

    @Test
    void aClientCannotRenegotiate() throws Exception {
        try (MeteredServer server = startTls()) {
            // Interactive s_client (no -quiet, no -ign_eof): a line "R" asks for a TLS 1.2 renegotiation.
            Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + tlsPort(server),
                    "-tls1_2", "-CAfile", certificate.certificate().toString()).redirectErrorStream(true).start();
            StringBuffer output = new StringBuffer();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (var in = openssl.getInputStream()) {
                    byte[] buffer = new byte[4096];
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (java.io.IOException e) {
                    output.append("\n(reading openssl: ").append(e).append(")");
                }
            });
            try {
                MeteredServer.awaiting().until(() -> output.toString().contains("Welcome to netcat-chat"));
                send(openssl, "R\n");
                MeteredServer.awaiting().until(() -> output.toString().contains("RENEGOTIATING"));
                // The renegotiation's ClientHello goes out with the next write; the server must end the connection.
                send(openssl, "name ossl\n");
                assertThat(openssl.waitFor(WireClient.DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                        .as("s_client ended: the server refused the renegotiation; %s", output).isTrue();
                reader.join(WireClient.DEADLINE);
                assertThat(output.toString()).contains("alert handshake failure").doesNotContain("ossl has joined");
            } finally {
                openssl.destroyForcibly();
            }
        }
    }

    private static void send(Process process, String line) {
        try {
            process.getOutputStream().write(line.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (java.io.IOException e) {
            // s_client already ended: what it printed says why
        }
    }

    @Test
    void aRenewedCertificateIsServedWithoutARestart() throws Exception {
        try (MeteredServer server = startTls()) {
            X509Certificate before = served(server);
            assertThat(before.getSubjectX500Principal().getName()).isEqualTo("CN=first");

            TestCertificate renewed = TestCertificate.create(dir, "second");
            // As certbot does: new files in place; the later modification time is what the server looks at.
            Files.copy(renewed.key(), certificate.key(), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(renewed.certificate(), certificate.certificate(), StandardCopyOption.REPLACE_EXISTING);
            FileTime later = FileTime.from(Instant.now().plusSeconds(60));
            Files.setLastModifiedTime(certificate.key(), later);
            Files.setLastModifiedTime(certificate.certificate(), later);

            TestCertificate trustingTheRenewed = new TestCertificate(renewed.certificate(), renewed.key());
            try (SSLSocket socket = trustingTheRenewed.connect(tlsPort(server))) {
                X509Certificate after = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                assertThat(after.getSubjectX500Principal().getName()).isEqualTo("CN=second");
            }
        }
    }

    @Test
    void aRenewalThatCannotBeReadKeepsTheCertificateInUse() throws Exception {
        try (MeteredServer server = startTls()) {
            Files.writeString(certificate.key(), "not a key");
            Files.setLastModifiedTime(certificate.key(), FileTime.from(Instant.now().plusSeconds(60)));

            assertThat(served(server).getSubjectX500Principal().getName()).isEqualTo("CN=first");
        }
    }

    @Test
    void aRenewalHalfWrittenKeepsThePairInUseWithOneWarningUntilTheFilesMatch() throws Exception {
        try (MeteredServer server = startTls(); StderrCapture log = new StderrCapture()) {
            TestCertificate renewed = TestCertificate.create(dir, "second");
            TestCertificate oldPair = new TestCertificate(dir.resolve("first-trusted.pem"), certificate.key());
            Files.copy(certificate.certificate(), oldPair.certificate());
            // certbot writes the files one by one: first the certificate, and for a while it is not the key's.
            Files.copy(renewed.certificate(), certificate.certificate(), StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(certificate.certificate(), FileTime.from(Instant.now().plusSeconds(60)));

            for (int i = 0; i < 3; i++) {
                assertThat(served(server, oldPair).getSubjectX500Principal().getName()).isEqualTo("CN=first");
            }
            assertThat(occurrences(log.text(), "keeping the certificate in use")).as(log.text()).isEqualTo(1);
            assertThat(log.text()).contains("does not belong to the certificate");

            Files.copy(renewed.key(), certificate.key(), StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(certificate.key(), FileTime.from(Instant.now().plusSeconds(60)));
            assertThat(served(server, renewed).getSubjectX500Principal().getName()).isEqualTo("CN=second");
            assertThat(occurrences(log.text(), "keeping the certificate in use")).isEqualTo(1);
            assertThat(server.metric(HANDSHAKE_FAILURES)).isZero();
        }
    }

    @Test
    void aMissingCertificateIsReportedOnceNotAtEveryConnection() throws Exception {
        try (MeteredServer server = startTls(); StderrCapture log = new StderrCapture()) {
            TestCertificate kept = new TestCertificate(dir.resolve("kept.pem"), certificate.key());
            Files.copy(certificate.certificate(), kept.certificate());
            Files.delete(certificate.certificate());
            for (int i = 0; i < 5; i++) {
                assertThat(served(server, kept).getSubjectX500Principal().getName()).isEqualTo("CN=first");
            }
            assertThat(occurrences(log.text(), "keeping the certificate in use")).as(log.text()).isEqualTo(1);
            assertThat(log.text()).contains(certificate.certificate() + ": no such file");
        }
    }

    @Test
    void theServedCertificatesExpiryIsLoggedAtStartAndIsAGauge() throws Exception {
        try (StderrCapture log = new StderrCapture(); MeteredServer server = startTls()) {
            long notAfter = certificate.x509().getNotAfter().toInstant().getEpochSecond();
            assertThat(server.metric(EXPIRY)).isEqualTo(notAfter);
            assertThat(log.text()).contains("TLS: serving CN=first from " + certificate.certificate() + ", valid until "
                    + certificate.x509().getNotAfter().toInstant() + " (47 hours left)");
            assertThat(log.text()).doesNotContain("is not private");

            TestCertificate renewed = TestCertificate.create(dir, "second");
            Files.copy(renewed.key(), certificate.key(), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(renewed.certificate(), certificate.certificate(), StandardCopyOption.REPLACE_EXISTING);
            FileTime later = FileTime.from(Instant.now().plusSeconds(60));
            Files.setLastModifiedTime(certificate.key(), later);
            Files.setLastModifiedTime(certificate.certificate(), later);
            served(server, renewed);
            assertThat(server.metric(EXPIRY)).isEqualTo(renewed.x509().getNotAfter().toInstant().getEpochSecond());
            assertThat(log.text()).contains("TLS: reloaded, serving CN=second from " + certificate.certificate());
        }
        try (MeteredServer plain = MeteredServer.start(dir)) {
            assertThat(MeteredServer.scrape(plain.metricsPort())).as("no TLS, no expiry to alert on")
                    .doesNotContainKey(EXPIRY).containsKey(HANDSHAKE_FAILURES);
        }
    }

    @ParameterizedTest
    @CsvSource({"rw-r--r--, every user of this machine can read it", "rw-rw----, can write it"})
    void aKeyThatOthersCanReadOrWriteIsWarnedAbout(String permissions, String warning) throws Exception {
        Files.setPosixFilePermissions(certificate.key(), PosixFilePermissions.fromString(permissions));
        try (StderrCapture log = new StderrCapture(); MeteredServer server = startTls()) {
            assertThat(log.text()).contains("TLS: the private key " + certificate.key() + " is not private: ")
                    .contains(warning);
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    private X509Certificate served(MeteredServer server, TestCertificate trusting) throws Exception {
        try (SSLSocket socket = trusting.connect(tlsPort(server))) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private X509Certificate served(MeteredServer server) throws Exception {
        try (SSLSocket socket = certificate.connect(tlsPort(server))) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
