package org.netcatchat.server;

import org.netcatchat.testing.WireClient;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by {@code openssl} in the test's own
 * folder, and the client side of TLS that trusts it.
 *
 * @param certificate the PEM certificate (its own chain and its own CA)
 * @param key         the PEM private key
 */
public record TestCertificate(Path certificate, Path key) {
    /** {@code openssl req -x509 ...}: an EC P-256 key (fast to make), PKCS#8, valid for two days. */
    public static TestCertificate create(Path dir, String name) {
        Path certificate = dir.resolve(name + "-cert.pem");
        Path key = dir.resolve(name + "-key.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", certificate.toString(), "-days", "2", "-subj", "/CN=" + name,
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        return new TestCertificate(certificate, key);
    }

    /** Runs {@code openssl} with these arguments and returns what it printed; fails unless it exits with 0. */
    public static String openssl(String... arguments) {
        Run run = run(new byte[0], arguments);
        assertThat(run.status()).as("openssl %s: %s", List.of(arguments), run.output()).isZero();
        return run.output();
    }

    /** What a run of {@code openssl} printed (stdout and stderr together) and its exit status. */
    public record Run(String output, int status) {
    }

    /** Runs {@code openssl}, feeding it {@code input}; any exit status is returned. */
    public static Run run(byte[] input, String... arguments) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().write(input);
            process.getOutputStream().close();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readAllBytes();
            }
            assertThat(process.waitFor(WireClient.DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("openssl ended").isTrue();
            return new Run(new String(output, StandardCharsets.UTF_8), process.exitValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public X509Certificate x509() {
        try (InputStream in = Files.newInputStream(certificate)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A client context that trusts this certificate and nothing else. */
    public SSLContext clientContext() {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("server", x509());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A TLS connection to {@code port} on 127.0.0.1, verifying the host name {@code localhost} as a client would;
     * the handshake is done when this returns.
     */
    public SSLSocket connect(int port, String... protocols) throws IOException {
        Socket plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress("127.0.0.1", port), (int) WireClient.DEADLINE.toMillis());
        SSLSocket socket = (SSLSocket) clientContext().getSocketFactory().createSocket(plain, "localhost", port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout((int) WireClient.DEADLINE.toMillis());
        socket.startHandshake();
        socket.setSoTimeout(0);
        return socket;
    }
}
