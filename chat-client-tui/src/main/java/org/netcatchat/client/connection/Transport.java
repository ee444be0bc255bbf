package org.netcatchat.client.connection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Objects;
import java.util.Optional;

/**
 * How the connection is carried: plain TCP, or TLS ({@code --tls}) that verifies the server's certificate and host
 * name, trusting the system's CAs or only the certificates of {@code --tls-ca FILE}. The one place where the
 * client's socket gets TLS; everything above it sees a {@link Socket} either way.
 */
public sealed interface Transport {
    /** Plain TCP, as {@code nc}. */
    record Plain() implements Transport {
    }

    /** TLS 1.3 or 1.2. @param trusted PEM certificates to trust instead of the system's CAs */
    record Tls(Optional<Path> trusted) implements Transport {
        private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

        public Tls {
            Objects.requireNonNull(trusted, "trusted");
        }

        private Socket secure(Socket plain, String host, int port, int timeoutMillis) throws CannotConnect {
            try {
                SSLSocket socket = (SSLSocket) context().getSocketFactory().createSocket(plain, host, port, true);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                parameters.setProtocols(PROTOCOLS);
                socket.setSSLParameters(parameters);
                socket.setSoTimeout(timeoutMillis);
                socket.startHandshake();
                socket.setSoTimeout(0);
                return socket;
            } catch (IOException e) {
                Connection.closeQuietly(plain);
                throw new CannotConnect(describe(e, host, timeoutMillis), e);
            }
        }

        private SSLContext context() throws CannotConnect {
            if (trusted.isEmpty()) {
                try {
                    return SSLContext.getDefault();
                } catch (GeneralSecurityException e) {
                    throw new CannotConnect("TLS is not available: " + e.getMessage(), e);
                }
            }
            Path file = trusted.get();
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("trusted-" + i++, certificate);
                }
                if (i == 0) {
                    throw new CannotConnect("no certificate in --tls-ca " + file, new IOException("empty"));
                }
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                return context;
            } catch (IOException | GeneralSecurityException e) {
                throw new CannotConnect("cannot read --tls-ca " + file + ": " + e.getMessage(), e);
            }
        }

        private static String describe(IOException e, String host, int timeoutMillis) {
            String message = String.valueOf(e.getMessage());
            return switch (e) {
                case SocketTimeoutException t -> "no TLS handshake within " + timeoutMillis / 1000 + " s";
                case SSLHandshakeException h when message.contains("No subject alternative")
                        || message.contains("No name matching") -> "the server's certificate is not for " + host;
                case SSLHandshakeException h when message.contains("PKIX") || message.contains("certification path") ->
                        "the server's certificate is not trusted (for a self-signed one, use --tls-ca FILE)";
                case SSLException s when message.contains("Unsupported or unrecognized SSL message") ->
                        "the server did not answer in TLS (is this its TLS port?)";
                default -> "TLS handshake failed: " + message;
            };
        }
    }

    /** Carries a connected socket: as it is, or after a TLS handshake within {@code timeoutMillis}. */
    static Socket carry(Transport transport, Socket plain, String host, int port, int timeoutMillis) throws CannotConnect {
        return switch (transport) {
            case Plain ignored -> plain;
            case Tls tls -> tls.secure(plain, host, port, timeoutMillis);
        };
    }
}
