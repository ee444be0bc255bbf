package org.netcatchat.server.moderation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.server.address.AddressKey;
import org.netcatchat.server.hardening.SteppedClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code bans.txt}: bans survive a reopen, end at their time, and are lifted by name or address. */
class BansTest {
    private final SteppedClock clock = new SteppedClock();
    @TempDir
    Path dir;

    @Test
    void aBanIsReadBackAfterAReopenAndEndsAtItsTime() throws IOException {
        Path file = dir.resolve("bans.txt");
        BansFile bans = BansFile.open(file, clock);
        bans.add(List.of(new Ban(Ban.Kind.NAME, "Bob", "bob", clock.instant().plus(Duration.ofHours(1)), "root", "two words"),
                new Ban(Ban.Kind.ADDRESS, "192.0.2.1", "192.0.2.1", clock.instant().plus(Duration.ofHours(1)), "root", "")));

        BansFile reopened = BansFile.open(file, clock);

        assertThat(reopened.ofName(new ChatName("BOB"))).hasValueSatisfying(ban -> assertThat(ban.reason()).isEqualTo("two words"));
        assertThat(reopened.ofAddress(new AddressKey("192.0.2.1"))).isPresent();
        assertThat(reopened.ofAddress(new AddressKey("192.0.2.2"))).isEmpty();
        clock.step(Duration.ofHours(1));
        assertThat(reopened.ofName(new ChatName("bob"))).isEmpty();
        assertThat(reopened.list()).isEmpty();
    }

    @Test
    void liftingANameLeavesItsAddressBanned() throws IOException {
        BansFile bans = BansFile.open(dir.resolve("bans.txt"), clock);
        bans.add(List.of(new Ban(Ban.Kind.NAME, "bob", "bob", clock.instant().plus(Duration.ofHours(1)), "root", ""),
                new Ban(Ban.Kind.ADDRESS, "192.0.2.1", "192.0.2.1", clock.instant().plus(Duration.ofHours(1)), "root", "")));

        assertThat(bans.lift("BOB")).hasSize(1);
        assertThat(bans.lift("bob")).isEmpty();

        assertThat(BansFile.open(dir.resolve("bans.txt"), clock).list()).singleElement()
                .satisfies(ban -> assertThat(ban.kind()).isEqualTo(Ban.Kind.ADDRESS));
    }

    @Test
    void aLineThatIsNoBanStopsTheStart() throws IOException {
        Files.writeString(dir.resolve("bans.txt"), "name bob yesterday root\n");

        assertThatThrownBy(() -> BansFile.open(dir.resolve("bans.txt"), clock)).isInstanceOf(IOException.class)
                .hasMessageContaining("ban 1 is not");
    }
}
