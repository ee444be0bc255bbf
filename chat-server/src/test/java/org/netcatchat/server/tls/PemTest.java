package org.netcatchat.server.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netcatchat.server.TestCertificate;
import org.netcatchat.server.metrics.ServerEvents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key and certificate files that openssl and certbot write, read with the JDK alone. */
class PemTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            PKCS#8 EC (certbot, openssl req)   | BEGIN PRIVATE KEY     | EC  | genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out KEY
            PKCS#8 RSA                         | BEGIN PRIVATE KEY     | RSA | genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out KEY
            PKCS#1 RSA (openssl genrsa -traditional) | BEGIN RSA PRIVATE KEY | RSA | genrsa -traditional -out KEY 2048
            SEC1 EC (openssl ecparam -genkey)  | BEGIN EC PRIVATE KEY  | EC  | ecparam -name prime256v1 -genkey -noout -out KEY
            SEC1 EC with its parameters first  | BEGIN EC PARAMETERS   | EC  | ecparam -name secp384r1 -genkey -out KEY
            """)
    void readsTheUsualKeyFiles(String form, String header, String algorithm, String command) throws Exception {
        Path key = dir.resolve("key.pem");
        String[] arguments = command.replace("KEY", key.toString()).split(" ");
        TestCertificate.openssl(arguments);
        assertThat(Files.readString(key)).contains(header);

        assertThat(Pem.privateKey(key).getAlgorithm()).isEqualTo(algorithm);
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheCommandThatDecryptsIt() {
        Path key = dir.resolve("key.pem");
        TestCertificate.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-aes256", "-pass", "pass:secret", "-out", key.toString());

        assertThatThrownBy(() -> Pem.privateKey(key)).hasMessageContaining("encrypted").hasMessageContaining("openssl pkey");
    }

    @Test
    void aFullChainIsReadInFileOrder() throws Exception {
        TestCertificate leaf = TestCertificate.create(dir, "leaf");
        TestCertificate other = TestCertificate.create(dir, "intermediate");
        Path chain = dir.resolve("fullchain.pem");
        Files.writeString(chain, Files.readString(leaf.certificate()) + Files.readString(other.certificate()));

        assertThat(Pem.certificates(chain)).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=leaf", "CN=intermediate");
    }

    @Test
    void aServerCannotStartWithAKeyThatIsNotForItsCertificate() {
        TestCertificate ec = TestCertificate.create(dir, "ec");
        Path rsaKey = dir.resolve("rsa.pem");
        TestCertificate.openssl("genpkey", "-algorithm", "RSA", "-out", rsaKey.toString());

        assertThatThrownBy(() -> ServerTls.load(ec.certificate(), rsaKey, Duration.ofSeconds(1), ServerEvents.NONE, Clock.systemUTC()))
                .hasMessageContaining("RSA key").hasMessageContaining("EC key");
        assertThatThrownBy(() -> ServerTls.load(ec.key(), ec.key(), Duration.ofSeconds(1), ServerEvents.NONE, Clock.systemUTC()))
                .hasMessageContaining(ec.key().toString());
    }

    @Test
    void aKeyOfTheSameKindButAnotherCertificateIsRefused() {
        TestCertificate first = TestCertificate.create(dir, "first");
        TestCertificate second = TestCertificate.create(dir, "second");

        assertThatThrownBy(() -> ServerTls.load(first.certificate(), second.key(), Duration.ofSeconds(1),
                ServerEvents.NONE, Clock.systemUTC()))
                .hasMessage("the key in " + second.key() + " does not belong to the certificate in " + first.certificate()
                        + " (CN=first); compare `openssl x509 -noout -pubkey -in " + first.certificate()
                        + "` with `openssl pkey -pubout -in " + second.key() + "`");
    }
}
