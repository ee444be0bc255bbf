package org.netcatchat.server.tls;

import org.netcatchat.server.metrics.ServerEvents;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The server's side of TLS: the certificate chain and key from PEM files; TLS 1.3 and 1.2 only, AEAD suites only,
 * no client-initiated renegotiation; and the handshake of each connection, bounded in time. The files are read again when either one's modification time changes
 * (checked as each TLS connection arrives), so a renewed certificate ({@code certbot renew}) is served without a
 * restart; a renewal that cannot be read, or whose key does not belong to its certificate, is logged once and the
 * certificate in use is kept until the files match.
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

    private final Path certificateFile;
    private final Path keyFile;
    private final Duration handshakeTimeout;
    private final ServerEvents events;
    private final InstantSource clock;
    /** Closes the sockets of handshakes past their deadline: one platform thread, idle but for those. */
    private final ScheduledThreadPoolExecutor deadlines;
    /** Guarded by this. */
    private Loaded loaded;
    /** Guarded by this: the files as they were at the last attempt, good or bad, so a bad renewal is logged once. */
    private FileStamps attempted;

    private record Loaded(SSLContext context, CertifiedKey pair, FileStamps stamps) {
    }

    static {
        // TLS 1.2 renegotiation asked for by the client is a full handshake on demand (one connection can keep a
        // core busy) and the server never needs it. JSSE has no per-socket switch: it reads this property once,
        // when its first server handshake begins, so it is set here, before this class makes any. It overrides
        // a value given on the command line: nothing in this server wants renegotiation.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
    }

    private ServerTls(Path certificateFile, Path keyFile, Duration handshakeTimeout, ServerEvents events,
                      InstantSource clock, Loaded loaded) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.handshakeTimeout = handshakeTimeout;
        this.events = events;
        this.clock = clock;
        this.loaded = loaded;
        this.attempted = loaded.stamps();
        this.deadlines = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("tls-deadlines").daemon().factory());
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * Reads the chain and key now, so a wrong file (or a key that is not the certificate's) stops the server at
     * start, with the reason; logs what it serves, and tells {@code events} when it expires.
     */
    public static ServerTls load(Path certificateFile, Path keyFile, Duration handshakeTimeout, ServerEvents events,
                                 InstantSource clock) throws IOException {
        Loaded loaded = read(certificateFile, keyFile);
        ServerTls tls = new ServerTls(certificateFile, keyFile, handshakeTimeout, events, clock, loaded);
        tls.serving(loaded.pair(), "serving");
        return tls;
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

    /**
     * The context to serve with, read again first when the files changed since the last attempt. A pair that cannot
     * be read or does not match (a renewal half written: certbot writes the files one by one) keeps the one in use,
     * with one warning per change of the files, until they match.
     */
    private synchronized SSLContext context() {
        FileStamps now = FileStamps.of(certificateFile, keyFile);
        if (!now.equals(attempted)) {
            attempted = now;
            if (!now.equals(loaded.stamps())) {
                try {
                    loaded = read(certificateFile, keyFile);
                    serving(loaded.pair(), "reloaded, serving");
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "TLS: keeping the certificate in use until the new files can"
                            + " be read and match: {0}", e.getMessage());
                }
            }
        }
        return loaded.context();
    }

    /** The log line of a pair put in use, the expiry gauge, and the warnings an operator should see. */
    private void serving(CertifiedKey pair, String what) {
        Instant notAfter = pair.notAfter();
        Duration left = Duration.between(clock.instant(), notAfter);
        events.tlsCertificate(notAfter);
        LOG.log(left.isNegative() ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                "TLS: {0} {1} from {2}, {3}", what, pair.subject(), certificateFile, validity(notAfter, left));
        KeyFileAccess.problem(keyFile).ifPresent(problem -> LOG.log(System.Logger.Level.WARNING,
                "TLS: the private key {0} is not private: {1} (chmod 600 {0}, or 640 owned by root)", keyFile, problem));
    }

    private static String validity(Instant notAfter, Duration left) {
        if (left.isNegative()) {
            return "EXPIRED since " + notAfter;
        }
        return "valid until " + notAfter + " (" + (left.toDays() >= 2 ? left.toDays() + " days" : left.toHours() + " hours")
                + " left)";
    }

    private static Loaded read(Path certificateFile, Path keyFile) throws IOException {
        // Stamps first: a file replaced while it is read is seen as changed again at the next connection.
        FileStamps stamps = FileStamps.of(certificateFile, keyFile);
        CertifiedKey pair;
        try {
            pair = CertifiedKey.read(certificateFile, keyFile);
        } catch (NoSuchFileException e) {
            throw new IOException(e.getFile() + ": no such file", e); // its own message is the bare path
        } catch (AccessDeniedException e) {
            throw new IOException(e.getFile() + ": permission denied", e);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("chat", pair.key(), NO_PASSWORD, pair.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new Loaded(context, pair, stamps);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS: cannot use " + certificateFile + " with " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a socket past its handshake deadline: {0}", e.toString());
        }
    }
}
