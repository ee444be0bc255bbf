package org.netcatchat.server.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The server's side of TLS: the certificate chain and key from PEM files; TLS 1.3 and 1.2 only, AEAD suites only,
 * no client-initiated renegotiation; and the handshake of each connection, bounded in time. The files are read again when either one's modification time changes
 * (checked as each TLS connection arrives), so a renewed certificate ({@code certbot renew}) is served without a
 * restart; a renewal that cannot be read is logged and the certificate in use is kept.
 *
 * <p>Thread-safe: {@link #wrap} runs on the listener thread, {@link #handshake} on connection threads; the loaded
 * context is guarded by {@code this}, a leaf lock held while the files are read (rarely: only when they changed).
 */
public final class ServerTls implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ServerTls.class.getName());
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /**
     * AEAD suites only, in the order of Mozilla's "intermediate" profile (version 5.7) without its DHE suites:
     * TLS 1.3's three, and in TLS 1.2 ECDHE (forward secrecy) with AES-GCM or ChaCha20-Poly1305. The JDK's
     * default adds CBC suites (LUCKY13-style padding oracles) and finite-field DHE (slow, and weak groups in old
     * clients). Every TLS 1.2 client of the last decade offers one of these.
     */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final char[] NO_PASSWORD = new char[0];
    /** TLS record type alert (21), alert level fatal (2), alert description access_denied (49). */
    private static final byte ALERT = 21;
    private static final byte FATAL = 2;
    private static final byte ACCESS_DENIED = 49;
    /** Key algorithms whose names the certificate and the key factory spell alike. */
    private static final Set<String> KEY_CHECKED = Set.of("RSA", "EC");

    private final Path certificateFile;
    private final Path keyFile;
    private final Duration handshakeTimeout;
    /** Closes the sockets of handshakes past their deadline: one platform thread, idle but for those. */
    private final ScheduledThreadPoolExecutor deadlines;
    /** Guarded by this. */
    private Loaded loaded;
    /** Guarded by this: the file times of the last attempt, good or bad, so a bad renewal is logged once. */
    private List<FileTime> attempted;

    private record Loaded(SSLContext context, List<FileTime> times) {
    }

    static {
        // TLS 1.2 renegotiation asked for by the client is a full handshake on demand (one connection can keep a
        // core busy) and the server never needs it. JSSE has no per-socket switch: it reads this property once,
        // when its first server handshake begins, so it is set here, before this class makes any. It overrides
        // a value given on the command line: nothing in this server wants renegotiation.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
    }

    private ServerTls(Path certificateFile, Path keyFile, Duration handshakeTimeout, Loaded loaded) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.handshakeTimeout = handshakeTimeout;
        this.loaded = loaded;
        this.attempted = loaded.times();
        this.deadlines = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("tls-deadlines").daemon().factory());
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    /** Reads the chain and key now, so a wrong file stops the server at start, with the reason. */
    public static ServerTls load(Path certificateFile, Path keyFile, Duration handshakeTimeout) throws IOException {
        return new ServerTls(certificateFile, keyFile, handshakeTimeout, read(certificateFile, keyFile));
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Layers TLS over an accepted socket, in server mode. No I/O: the handshake is {@link #handshake}'s. */
    public SSLSocket wrap(Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) context().getSocketFactory().createSocket(plain, null, true);
        tls.setUseClientMode(false);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setCipherSuites(CIPHER_SUITES.toArray(String[]::new));
        parameters.setUseCipherSuitesOrder(true);
        tls.setSSLParameters(parameters);
        return tls;
    }

    /**
     * What a connection refused by a limit of its address gets on the TLS port, instead of a handshake: one
     * unencrypted fatal {@code access_denied} alert record (RFC 8446 6.2; before the handshake no keys exist, and
     * TLS 1.2 and 1.3 clients both read a plain alert then). Clients report it ("alert access denied"), and it costs
     * the server no cryptography.
     */
    public static byte[] refusalAlert() {
        return new byte[]{ALERT, 0x03, 0x03, 0x00, 0x02, FATAL, ACCESS_DENIED};
    }

    /**
     * Runs the handshake, closing the socket if it takes longer than the handshake timeout: a client that
     * sends nothing, or one byte a second, cannot keep its slot. Call on the connection's own thread.
     *
     * @param plain the socket {@code tls} was layered on: closing it ends a handshake blocked in a read
     */
    public void handshake(SSLSocket tls, Socket plain) throws IOException {
        ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(plain),
                handshakeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            tls.startHandshake();
        } catch (IOException e) {
            if (deadline.isDone()) {
                throw new SocketTimeoutException("no TLS handshake within " + handshakeTimeout.toMillis() + " ms");
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
    }

    private synchronized SSLContext context() {
        try {
            List<FileTime> times = times(certificateFile, keyFile);
            if (!times.equals(loaded.times()) && !times.equals(attempted)) {
                attempted = times;
                loaded = read(certificateFile, keyFile);
                LOG.log(System.Logger.Level.INFO, "TLS: certificate reloaded from {0}", certificateFile);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "TLS: keeping the certificate in use, the new one cannot be read: {0}",
                    e.getMessage());
        }
        return loaded.context();
    }

    private static Loaded read(Path certificateFile, Path keyFile) throws IOException {
        // Times first: a file replaced while it is read is seen as changed again at the next connection.
        List<FileTime> times = times(certificateFile, keyFile);
        List<X509Certificate> chain = Pem.certificates(certificateFile);
        PrivateKey key = Pem.privateKey(keyFile);
        String certified = chain.getFirst().getPublicKey().getAlgorithm();
        if (KEY_CHECKED.contains(certified) && KEY_CHECKED.contains(key.getAlgorithm()) && !certified.equals(key.getAlgorithm())) {
            // Caught here, the mix-up is one clear line at start; later, every handshake would fail.
            throw new IOException(keyFile + " holds a " + key.getAlgorithm() + " key, but the certificate in "
                    + certificateFile + " is for a " + certified + " key");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("chat", key, NO_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new Loaded(context, times);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS: cannot use " + certificateFile + " with " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static List<FileTime> times(Path certificateFile, Path keyFile) throws IOException {
        return List.of(Files.getLastModifiedTime(certificateFile), Files.getLastModifiedTime(keyFile));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a socket past its handshake deadline: {0}", e.toString());
        }
    }
}
