package org.netcatchat.server.metrics;

import org.junit.jupiter.api.Test;
import org.netcatchat.server.address.AddressKey;
import org.netcatchat.server.metrics.OpenExchanges.Admission;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The metrics port's connection limits as values: who makes room for a newcomer, and when it is turned away. */
class OpenExchangesTest {
    private static final AddressKey HOG = new AddressKey("192.0.2.1");
    private static final AddressKey PROBE = new AddressKey("192.0.2.2");

    @Test
    void anAddressAtItsLimitMakesRoomWithItsOldestWaitingConnection() {
        OpenExchanges<String> open = new OpenExchanges<>(10, 2);
        assertThat(open.admit("a", HOG)).isEqualTo(new Admission.Kept<String>(Optional.empty()));
        assertThat(open.admit("b", HOG)).isEqualTo(new Admission.Kept<String>(Optional.empty()));
        assertThat(open.admit("c", HOG)).isEqualTo(new Admission.Kept<>(Optional.of("a")));
        assertThat(open.admit("d", PROBE)).as("another address is not its business")
                .isEqualTo(new Admission.Kept<String>(Optional.empty()));
        assertThat(open.size()).isEqualTo(3);
    }

    @Test
    void aConnectionWhoseRequestHasArrivedIsNeverEvicted() {
        OpenExchanges<String> open = new OpenExchanges<>(10, 2);
        open.admit("probe", HOG);
        open.requestRead("probe");
        open.admit("idle", HOG);
        assertThat(open.admit("next", HOG)).isEqualTo(new Admission.Kept<>(Optional.of("idle")));
        open.requestRead("next");
        assertThat(open.admit("last", HOG)).as("both are being answered").isEqualTo(new Admission.TurnedAway<String>());
    }

    @Test
    void theTotalLimitEvictsTheOldestWaitingFromAnyAddress() {
        OpenExchanges<String> open = new OpenExchanges<>(2, 2);
        open.admit("first", HOG);
        open.admit("second", PROBE);
        assertThat(open.admit("third", new AddressKey("192.0.2.3"))).isEqualTo(new Admission.Kept<>(Optional.of("first")));
        open.closed("first"); // its thread ends after the eviction: nothing more happens
        assertThat(open.size()).isEqualTo(2);
        open.closed("second");
        open.closed("third");
        assertThat(open.size()).isZero();
    }
}
