package org.netcatchat.server.accounts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netcatchat.protocol.Password;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Argon2id hashes in the PHC string format: what the accounts file and {@code --operator} hold. */
class PasswordHashTest {
    private static final HashCost CHEAP = new HashCost(1024, 1, 1);
    private static final Password RIGHT = new Password("correct-horse");

    @Test
    void theRightPasswordMatchesAndAWrongOneDoesNot() {
        PasswordHash hash = PasswordHash.of(RIGHT, CHEAP, new SecureRandom());

        assertThat(hash.matches(RIGHT)).isTrue();
        assertThat(hash.matches(new Password("correct-horsf"))).isFalse();
        assertThat(hash.matches(new Password("Correct-horse"))).isFalse();
    }

    @Test
    void theEncodedHashReadsBackAndNamesItsCost() {
        PasswordHash hash = PasswordHash.of(RIGHT, CHEAP, new SecureRandom());
        String encoded = hash.encode();

        assertThat(encoded).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").doesNotContain("correct-horse");
        assertThat(PasswordHash.parse(encoded)).contains(hash);
        assertThat(PasswordHash.parse(encoded).orElseThrow().matches(RIGHT)).isTrue();
        assertThat(hash.toString()).doesNotContain(encoded.substring(encoded.lastIndexOf('$') + 1));
    }

    @Test
    void twoHashesOfOnePasswordDifferByTheirSalt() {
        PasswordHash one = PasswordHash.of(RIGHT, CHEAP, new SecureRandom());
        PasswordHash two = PasswordHash.of(RIGHT, CHEAP, new SecureRandom());

        assertThat(one.encode()).isNotEqualTo(two.encode());
        assertThat(two.matches(RIGHT)).isTrue();
    }

    @Test
    void aHashWrittenByAnotherToolInThePhcFormatReadsBackUnchanged() {
        // The shape libargon2 and argon2-cffi write (salt "somesalt"); only the format is checked here.
        String reference = "$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$pZ8m0+7hlrG4+6BwKQaSGmzfemLNyJL5QrJZDD2W9AY";
        PasswordHash hash = PasswordHash.parse(reference).orElseThrow();
        assertThat(hash.encode()).isEqualTo(reference);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "$argon2i$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$pZ8m0+7hlrG4+6BwKQaSGmzfemLNyJL5QrJZDD2W9AY",
            "$argon2id$v=16$m=1024,t=1,p=1$c29tZXNhbHQ$pZ8m0+7hlrG4+6BwKQaSGmzfemLNyJL5QrJZDD2W9AY",
            "$argon2id$v=19$m=4,t=1,p=1$c29tZXNhbHQ$pZ8m0+7hlrG4+6BwKQaSGmzfemLNyJL5QrJZDD2W9AY",
            "$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$", "correct-horse", "$argon2id$v=19$m=1024,t=1,p=1$c29t$c2hvcnQ"})
    void whatIsNoHashIsRefused(String text) {
        assertThat(PasswordHash.parse(text)).isEmpty();
    }
}
