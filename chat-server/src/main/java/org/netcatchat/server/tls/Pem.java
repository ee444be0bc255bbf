package org.netcatchat.server.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys from PEM files, with the JDK alone. Keys: PKCS#8 ({@code BEGIN PRIVATE KEY},
 * what certbot and {@code openssl req -newkey} write), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) and SEC1 EC
 * ({@code BEGIN EC PRIVATE KEY}); the last two are rewrapped as PKCS#8, which the JDK's key factories read.
 * Encrypted keys are refused with a hint: the server has nowhere to ask for a passphrase.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    /** rsaEncryption, 1.2.840.113549.1.1.1, with its NULL parameters, as an AlgorithmIdentifier. */
    private static final byte[] RSA_ALGORITHM = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
    /** id-ecPublicKey, 1.2.840.10045.2.1. */
    private static final byte[] EC_PUBLIC_KEY_OID = HexFormat.of().parseHex("06072a8648ce3d0201");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "XDH");

    private Pem() {
    }

    /** The chain in file order: the server's certificate first, then the intermediates (fullchain.pem). */
    static List<X509Certificate> certificates(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                throw new IOException(file + ": no certificate in it");
            }
            return chain;
        } catch (CertificateException e) {
            throw new IOException(file + ": not a PEM certificate chain: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(Path file) throws IOException {
        Matcher block = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        while (block.find()) {
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            switch (block.group(1)) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, der);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(file, sequence(integerZero(), RSA_ALGORITHM, tlv(0x04, der)));
                }
                case "EC PRIVATE KEY" -> {
                    byte[] algorithm = tlv(0x30, concat(EC_PUBLIC_KEY_OID, curveOf(file, der)));
                    return pkcs8(file, sequence(integerZero(), algorithm, tlv(0x04, der)));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IOException(file + ": the key is encrypted; write it"
                        + " without a passphrase: openssl pkey -in " + file + " -out key.pem");
                default -> {
                    // EC PARAMETERS before an EC key, say: look further
                }
            }
        }
        throw new IOException(file + ": no PEM private key in it (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws IOException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IOException(file + ": a private key of a kind the JDK cannot read (tried " + KEY_ALGORITHMS + ")");
    }

    /**
     * The named curve of a SEC1 {@code ECPrivateKey ::= SEQUENCE { version, privateKey OCTET STRING,
     * [0] parameters OPTIONAL, [1] publicKey OPTIONAL }}: the OID inside {@code [0]}, as a whole TLV.
     */
    private static byte[] curveOf(Path file, byte[] sec1) throws IOException {
        Der outer = new Der(sec1, 0);
        Der field = new Der(sec1, outer.contentStart());
        while (field.end() <= outer.end()) {
            if (field.tag() == 0xa0) {
                Der oid = new Der(sec1, field.contentStart());
                if (oid.tag() == 0x06) {
                    return Arrays.copyOfRange(sec1, field.contentStart(), oid.end());
                }
            }
            if (field.end() == outer.end()) {
                break;
            }
            field = new Der(sec1, field.end());
        }
        throw new IOException(file + ": an EC key without its curve; convert it: openssl pkcs8 -topk8 -nocrypt -in " + file);
    }

    /** One DER tag-length-value read at {@code offset}: short and long lengths, single-byte tags. */
    private record Der(int tag, int contentStart, int end) {
        Der(byte[] bytes, int offset) {
            this(bytes[offset] & 0xff, contentStart(bytes, offset), contentStart(bytes, offset) + length(bytes, offset));
        }

        private static int contentStart(byte[] bytes, int offset) {
            int first = bytes[offset + 1] & 0xff;
            return first < 0x80 ? offset + 2 : offset + 2 + (first & 0x7f);
        }

        private static int length(byte[] bytes, int offset) {
            int first = bytes[offset + 1] & 0xff;
            if (first < 0x80) {
                return first;
            }
            int length = 0;
            for (int i = 0; i < (first & 0x7f); i++) {
                length = (length << 8) | (bytes[offset + 2 + i] & 0xff);
            }
            return length;
        }
    }

    private static byte[] integerZero() {
        return new byte[]{0x02, 0x01, 0x00};
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
