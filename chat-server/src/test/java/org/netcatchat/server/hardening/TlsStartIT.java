package org.netcatchat.server.hardening;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.server.TestCertificate;
import org.netcatchat.testing.ServerProcess;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real jar started with TLS files an operator got wrong: it must not start, and say why in one line. */
class TlsStartIT {
    @TempDir
    Path dir;

    @Test
    void aKeyThatIsNotTheCertificatesStopsTheStartWithOneLine() {
        TestCertificate first = TestCertificate.create(dir, "first");
        TestCertificate second = TestCertificate.create(dir, "second");
        // Both EC P-256: only the signature check tells them apart.
        try (ServerProcess server = ServerProcess.launch(dir, List.of("0", "--metrics-port", "0",
                "--history-file", dir.resolve("history.txt").toString(), "--tls-port", "0",
                "--tls-cert", first.certificate().toString(), "--tls-key", second.key().toString()))) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.stderr()).singleElement().asString()
                    .startsWith("chat-server: cannot start: ")
                    .contains("the key in " + second.key() + " does not belong to the certificate in " + first.certificate());
        }
    }
}
