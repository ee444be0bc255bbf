package org.netcatchat.server.accounts;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.netcatchat.protocol.Password;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A salted Argon2id hash of a password, as the PHC string format writes it (what libargon2, Python's argon2-cffi and
 * Spring Security write too): {@code $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH}, salt and hash in unpadded base64.
 * Immutable; {@link #matches} computes a hash, tens of milliseconds: never call it holding a lock.
 */
public record PasswordHash(HashCost cost, byte[] salt, byte[] hash) {
    /** 16 bytes of salt and a 32-byte hash: the sizes RFC 9106 recommends. */
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{16,128})");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    public PasswordHash {
        Objects.requireNonNull(cost, "cost");
        salt = salt.clone();
        hash = hash.clone();
        if (salt.length < 8 || hash.length < 16) {
            throw new IllegalArgumentException("an Argon2id hash has at least 8 bytes of salt and 16 of hash");
        }
    }

    /** A new hash of {@code password} with a fresh random salt. */
    public static PasswordHash of(Password password, HashCost cost, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(cost, salt, compute(password, cost, salt, HASH_BYTES));
    }

    /** Whether {@code password} is the one hashed; compared in constant time ({@link MessageDigest#isEqual}). */
    public boolean matches(Password password) {
        return MessageDigest.isEqual(hash, compute(password, cost, salt, hash.length));
    }

    /** The PHC string, or empty when {@code text} is none (a hand-edited file, a truncated option). */
    public static Optional<PasswordHash> parse(String text) {
        Matcher m = PHC.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            HashCost cost = new HashCost(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            return Optional.of(new PasswordHash(cost, DECODER.decode(m.group(4)), DECODER.decode(m.group(5))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String encode() {
        return "$argon2id$v=19$m=" + cost.memoryKiB() + ",t=" + cost.iterations() + ",p=" + cost.lanes() + "$"
                + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordHash that && cost.equals(that.cost) && Arrays.equals(salt, that.salt)
                && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cost, Arrays.hashCode(salt), Arrays.hashCode(hash));
    }

    /** The cost only: a hash is no secret in the way a password is, but a log line has no use for it. */
    @Override
    public String toString() {
        return "PasswordHash[" + cost + "]";
    }

    private static byte[] compute(Password password, HashCost cost, byte[] salt, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.lanes())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] secret = password.bytes();
        byte[] out = new byte[length];
        try {
            generator.generateBytes(secret, out);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return out;
    }
}
