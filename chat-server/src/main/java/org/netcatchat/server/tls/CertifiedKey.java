package org.netcatchat.server.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A certificate chain and the private key that goes with it, read from PEM files and checked to belong together:
 * the key signs a test message and the certificate's public key verifies it. A key that does not match its
 * certificate (certbot writes the two files one after the other; a copy of the wrong file) would make every
 * handshake fail with "bad signature": caught here, it is one clear line instead.
 *
 * @param chain the server's certificate first, then the intermediates
 */
record CertifiedKey(List<X509Certificate> chain, PrivateKey key) {
    /** Key algorithms whose names the certificate and the key factory spell alike. */
    private static final Set<String> KEY_CHECKED = Set.of("RSA", "EC");
    private static final byte[] PROBE = "netcat-chat: does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);

    CertifiedKey {
        chain = List.copyOf(chain);
    }

    static CertifiedKey read(Path certificateFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = Pem.certificates(certificateFile);
        PrivateKey key = Pem.privateKey(keyFile);
        String certified = chain.getFirst().getPublicKey().getAlgorithm();
        if (KEY_CHECKED.contains(certified) && KEY_CHECKED.contains(key.getAlgorithm()) && !certified.equals(key.getAlgorithm())) {
            throw new IOException(keyFile + " holds a " + key.getAlgorithm() + " key, but the certificate in "
                    + certificateFile + " is for a " + certified + " key");
        }
        CertifiedKey pair = new CertifiedKey(chain, key);
        if (!pair.keyMatches()) {
            throw new IOException("the key in " + keyFile + " does not belong to the certificate in " + certificateFile
                    + " (" + pair.subject() + "); compare `openssl x509 -noout -pubkey -in " + certificateFile
                    + "` with `openssl pkey -pubout -in " + keyFile + "`");
        }
        return pair;
    }

    X509Certificate leaf() {
        return chain.getFirst();
    }

    String subject() {
        return leaf().getSubjectX500Principal().getName();
    }

    Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** Signs {@link #PROBE} with the key and verifies it with the certificate's public key. */
    private boolean keyMatches() throws IOException {
        try {
            Signature signer = signature(key.getAlgorithm());
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signed = signer.sign();
            Signature verifier = signature(key.getAlgorithm());
            verifier.initVerify(leaf().getPublicKey());
            verifier.update(PROBE);
            return verifier.verify(signed);
        } catch (java.security.InvalidKeyException | java.security.SignatureException e) {
            return false; // a key of another kind or size than the certificate's: not this certificate's key
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot check that the key in its file belongs to the certificate: " + e.getMessage(), e);
        }
    }

    private static Signature signature(String keyAlgorithm) throws GeneralSecurityException {
        return switch (keyAlgorithm) {
            case "RSA" -> Signature.getInstance("SHA256withRSA");
            case "EC" -> Signature.getInstance("SHA256withECDSA");
            case "RSASSA-PSS" -> {
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield pss;
            }
            // EdDSA, Ed25519, Ed448: the key says which curve
            default -> Signature.getInstance(keyAlgorithm.startsWith("Ed") ? "EdDSA" : keyAlgorithm);
        };
    }
}
