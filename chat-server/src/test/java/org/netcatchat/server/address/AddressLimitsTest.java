package org.netcatchat.server.address;

import org.junit.jupiter.api.Test;
import org.netcatchat.server.address.AddressLimits.Admission;
import org.netcatchat.server.address.AddressLimits.Reason;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The limits per address on a stepped clock: exact counts, and the memory they keep. */
class AddressLimitsTest {
    private static final AddressLimits.Settings DEFAULTS = new AddressLimits.Settings(5, 30, 10, 6, 10, 20, 40, 60, 120);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T17:46:36Z"));
    private final InstantSource clock = now::get;

    @Test
    void theSixthConnectionFromOneAddressIsRefusedWhileAnotherAddressIsAdmitted() {
        AddressLimits limits = new AddressLimits(DEFAULTS, clock);
        List<Budget> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open.add(admitted(limits.admit(address("198.51.100.7"))));
        }

        Admission sixth = limits.admit(address("198.51.100.7"));

        assertThat(sixth).isInstanceOfSatisfying(Admission.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(Reason.PER_ADDRESS_LIMIT);
            assertThat(new String(refused.line(), StandardCharsets.UTF_8))
                    .isEqualTo("Closing: too many connections from your address (max 5).\n");
        });
        assertThat(limits.admit(address("198.51.100.8"))).isInstanceOf(Admission.Admitted.class);
        open.getFirst().close();
        assertThat(limits.admit(address("198.51.100.7"))).as("a slot of its own came back").isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void connectionsOfOneIpv6SlashSixtyFourShareTheirLimit() {
        AddressLimits limits = new AddressLimits(new AddressLimits.Settings(2, 0, 1, 0, 1, 0, 1, 0, 1), clock);
        admitted(limits.admit(address("2001:db8:0:1::1")));
        admitted(limits.admit(address("2001:db8:0:1::2")));

        assertThat(limits.admit(address("2001:db8:0:1:ffff::3"))).isInstanceOf(Admission.Refused.class);
        assertThat(limits.admit(address("2001:db8:0:2::1"))).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void newConnectionsAreLimitedToTheBurstThenTheRateRefusedOnesIncluded() {
        AddressLimits limits = new AddressLimits(DEFAULTS, clock);
        for (int i = 0; i < 10; i++) {
            admitted(limits.admit(address("203.0.113.1"))).close();
        }

        Admission eleventh = limits.admit(address("203.0.113.1"));

        assertThat(eleventh).isInstanceOfSatisfying(Admission.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(Reason.CONNECTION_RATE);
            assertThat(new String(refused.line(), StandardCharsets.UTF_8))
                    .isEqualTo("Closing: too many new connections from your address; try again in 2 s.\n");
        });
        step(Duration.ofSeconds(2)); // 30 a minute: one every 2 s
        admitted(limits.admit(address("203.0.113.1"))).close();
        assertThat(limits.admit(address("203.0.113.1"))).isInstanceOf(Admission.Refused.class);
    }

    @Test
    void reconnectingDoesNotRefillTheFrameBucket() {
        AddressLimits limits = new AddressLimits(DEFAULTS, clock);
        int frames = 0;
        for (int connection = 0; connection < 10; connection++) {
            try (Budget budget = admitted(limits.admit(address("203.0.113.2")))) {
                while (budget.takeFrame()) {
                    frames++;
                }
            }
        }

        assertThat(frames).as("ten connections, one ceiling between them").isEqualTo(120);
    }

    @Test
    void eachConnectionHasABucketOfItsOwnWithinItsAddressesCeiling() {
        AddressLimits limits = new AddressLimits(DEFAULTS, clock);
        Budget flooder = admitted(limits.admit(address("203.0.113.4")));
        Budget neighbour = admitted(limits.admit(address("203.0.113.4")));
        int flood = 0;
        while (flooder.takeFrame()) {
            flood++;
        }
        for (int i = 0; i < 1000; i++) {
            flooder.takeFrame(); // refused by its own bucket: costs the ceiling nothing
        }

        assertThat(flood).isEqualTo(40);
        int neighbours = 0;
        while (neighbour.takeFrame()) {
            neighbours++;
        }
        assertThat(neighbours).as("a full bucket of its own").isEqualTo(40);
        Budget third = admitted(limits.admit(address("203.0.113.4")));
        Budget fourth = admitted(limits.admit(address("203.0.113.4")));
        int rest = 0;
        while (third.takeFrame()) {
            rest++;
        }
        assertThat(rest).as("what the ceiling of 120 has left").isEqualTo(40);
        assertThat(fourth.takeFrame()).as("its own bucket is full, the ceiling is spent").isFalse();
        step(Duration.ofMillis(51)); // 60 a second: 3.06 frames for the address
        int afterwards = 0;
        while (fourth.takeFrame()) {
            afterwards++;
        }
        assertThat(afterwards).as("the ceiling refills at its own rate").isEqualTo(3);
    }

    @Test
    void namesCostFromTheAddressesBudget() {
        AddressLimits limits = new AddressLimits(DEFAULTS, clock);
        Budget first = admitted(limits.admit(address("203.0.113.3")));
        Budget second = admitted(limits.admit(address("203.0.113.3")));
        int names = 0;
        while (first.takeName() && second.takeName()) {
            names += 2;
        }

        assertThat(names).isEqualTo(10);
        step(Duration.ofSeconds(10)); // 6 a minute
        assertThat(second.takeName()).isTrue();
        assertThat(first.takeName()).isFalse();
    }

    @Test
    void anAddressIsForgottenOnceItHasNoConnectionAndItsBucketsAreFullAgain() {
        AddressLimits limits = new AddressLimits(DEFAULTS, clock);
        for (int i = 0; i < 1000; i++) {
            try (Budget budget = admitted(limits.admit(address("10.0." + i / 250 + "." + i % 250)))) {
                budget.takeFrame();
            }
        }
        Budget stays = admitted(limits.admit(address("192.0.2.200")));
        assertThat(limits.size()).as("every bucket still has a token missing").isEqualTo(1001);

        step(Duration.ofSeconds(10)); // the sweep is due; a new-connection token takes 2 s, a name token 10 s
        admitted(limits.admit(address("192.0.2.201"))).close();
        assertThat(limits.size()).as("the idle addresses are gone: .200 is connected, .201 just came").isEqualTo(2);

        step(AddressLimits.SWEEP_INTERVAL);
        admitted(limits.admit(address("192.0.2.202")));
        assertThat(limits.size()).as("192.0.2.200 is still connected, .201 refilled, .202 just came").isEqualTo(2);
        stays.close();
    }

    @Test
    void anAddressWhoseBucketsAreFullIsForgottenWhenItsLastConnectionCloses() {
        AddressLimits limits = new AddressLimits(new AddressLimits.Settings(5, 0, 1, 0, 1, 0, 1, 0, 1), clock);
        Budget budget = admitted(limits.admit(address("192.0.2.9")));
        assertThat(limits.size()).isEqualTo(1);

        budget.close();
        budget.close();

        assertThat(limits.size()).isZero();
    }

    @Test
    void zeroTurnsEachLimitOff() {
        AddressLimits limits = new AddressLimits(AddressLimits.Settings.NONE, clock);
        List<Budget> open = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Budget budget = admitted(limits.admit(address("127.0.0.1")));
            assertThat(budget.takeFrame()).isTrue();
            assertThat(budget.takeName()).isTrue();
            open.add(budget);
        }
        open.forEach(Budget::close);
        assertThat(limits.size()).isZero();
    }

    private void step(Duration by) {
        now.updateAndGet(instant -> instant.plus(by));
    }

    private static Budget admitted(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).budget();
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
