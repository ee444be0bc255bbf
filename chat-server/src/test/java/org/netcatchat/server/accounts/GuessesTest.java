package org.netcatchat.server.accounts;

import org.junit.jupiter.api.Test;
import org.netcatchat.server.address.AddressKey;
import org.netcatchat.server.hardening.SteppedClock;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The wrong-password limits, per address and per name, on a clock the test steps. */
class GuessesTest {
    private static final AddressKey HOME = new AddressKey("192.0.2.1");
    private final SteppedClock clock = new SteppedClock();
    private final Guesses guesses = new Guesses(clock);

    @Test
    void anAddressGuessesWrongTenTimesThenOnceAMinute() {
        for (int i = 0; i < Guesses.ADDRESS_BURST; i++) {
            assertThat(guesses.attempt(HOME, "alice")).as("guess %d", i + 1).isInstanceOf(Guesses.Attempt.Allowed.class);
        }
        Guesses.Attempt refused = guesses.attempt(HOME, "alice");
        assertThat(refused).isInstanceOf(Guesses.Attempt.Refused.class);
        assertThat(((Guesses.Attempt.Refused) refused).byAddress()).isTrue();
        assertThat(((Guesses.Attempt.Refused) refused).retryIn()).isEqualTo(Duration.ofMinutes(1));

        clock.step(Duration.ofSeconds(59));
        assertThat(guesses.attempt(HOME, "alice")).isInstanceOf(Guesses.Attempt.Refused.class);
        clock.step(Duration.ofSeconds(1));
        assertThat(guesses.attempt(HOME, "alice")).isInstanceOf(Guesses.Attempt.Allowed.class);
        assertThat(guesses.attempt(HOME, "alice")).isInstanceOf(Guesses.Attempt.Refused.class);
    }

    @Test
    void aRightPasswordCostsNothing() {
        for (int i = 0; i < 100; i++) {
            guesses.right((Guesses.Attempt.Allowed) guesses.attempt(HOME, "alice"));
        }
        assertThat(guesses.attempt(HOME, "alice")).isInstanceOf(Guesses.Attempt.Allowed.class);
    }

    @Test
    void aNameIsGuessedAtMostTwentyTimesAtOnceFromAnyNumberOfAddresses() {
        for (int i = 0; i < Guesses.NAME_BURST; i++) {
            assertThat(guesses.attempt(new AddressKey("198.51.100." + i), "alice")).isInstanceOf(Guesses.Attempt.Allowed.class);
        }
        Guesses.Attempt refused = guesses.attempt(new AddressKey("203.0.113.9"), "alice");

        assertThat(refused).isInstanceOf(Guesses.Attempt.Refused.class);
        assertThat(((Guesses.Attempt.Refused) refused).byAddress()).isFalse();
        assertThat(((Guesses.Attempt.Refused) refused).retryIn()).isEqualTo(Duration.ofMinutes(6));
        assertThat(guesses.attempt(new AddressKey("203.0.113.9"), "bob")).as("another name")
                .isInstanceOf(Guesses.Attempt.Allowed.class);
    }

    @Test
    void aGuessRefusedForItsNameCostsItsAddressNothing() {
        for (int i = 0; i < Guesses.NAME_BURST; i++) {
            guesses.attempt(new AddressKey("198.51.100." + i), "alice");
        }
        for (int i = 0; i < 50; i++) {
            assertThat(guesses.attempt(HOME, "alice")).isInstanceOf(Guesses.Attempt.Refused.class);
        }
        for (int i = 0; i < Guesses.ADDRESS_BURST; i++) {
            assertThat(guesses.attempt(HOME, "bob")).isInstanceOf(Guesses.Attempt.Allowed.class);
        }
    }

    @Test
    void waitsAreShownRoundedUp() {
        assertThat(SignIn.shown(Duration.ofMillis(1))).isEqualTo("1 s");
        assertThat(SignIn.shown(Duration.ofSeconds(60))).isEqualTo("60 s");
        assertThat(SignIn.shown(Duration.ofSeconds(360))).isEqualTo("6 min");
    }
}
