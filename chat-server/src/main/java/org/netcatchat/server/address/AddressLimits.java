package org.netcatchat.server.address;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Limits per client address (an IPv4 address or an IPv6 /64, see {@link AddressKey}): connections at once, new
 * connections over time, names over time, and frames over time. Every connection from one address draws on the
 * same buckets, and an address's buckets outlive its connections until they are full again, so reconnecting
 * resets nothing: one address, however it reconnects, gets at most its ceiling of frames.
 *
 * <p>Frames are limited twice: each connection has a bucket of its own (the flood limit one person gets), and
 * every frame also costs from its address's ceiling. One person pasting behind a NAT then spends their own
 * bucket and a part of the ceiling, not their neighbours' share: a frame refused by its connection's bucket
 * costs the ceiling nothing.
 *
 * <p>Memory is bounded by activity, not by history: an address is forgotten once it has no connection and all
 * its buckets are full again (at most a bucket's refill time after its last use), checked by a sweep that runs
 * at most every {@link #SWEEP_INTERVAL} when a connection arrives.
 *
 * <p>Thread-safe. An address's connection count changes only inside {@link ConcurrentHashMap#compute} on its key,
 * so admitting, releasing and forgetting an address are atomic with respect to each other; the buckets are leaf
 * locks taken inside it.
 */
public final class AddressLimits {
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);

    private final Settings settings;
    private final InstantSource clock;
    private final ConcurrentHashMap<AddressKey, Address> addresses = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> nextSweep;

    /**
     * @param maxConnections       admitted connections at once per address; 0 = no limit
     * @param connectionsPerMinute new connections per address, refused or not; 0 = no limit
     * @param connectionBurst      new connections an address may open at once
     * @param namesPerMinute       {@code name} commands per address, accepted or not; 0 = no limit
     * @param nameBurst            {@code name} commands an address may send at once
     * @param framesPerSecond      frames per connection (the flood limit); 0 = no limit
     * @param frameBurst           frames a connection may send at once
     * @param addressFramesPerSecond frames per address, all its connections together (the ceiling); 0 = no limit
     * @param addressFrameBurst    frames an address may send at once
     * @param roomsPerMinute       joins that open a room nobody is in, per address; 0 = no limit. Its burst is
     *                             the same number: a person may open a minute's rooms at once
     */
    public record Settings(int maxConnections, double connectionsPerMinute, int connectionBurst,
                           double namesPerMinute, int nameBurst, double framesPerSecond, int frameBurst,
                           double addressFramesPerSecond, int addressFrameBurst, double roomsPerMinute) {
        /** Nothing limited: for parts that do not care. */
        public static final Settings NONE = new Settings(0, 0, 1, 0, 1, 0, 1, 0, 1, 0);

        /** The nine limits of before rooms, and no limit on opening rooms. */
        public Settings(int maxConnections, double connectionsPerMinute, int connectionBurst, double namesPerMinute,
                        int nameBurst, double framesPerSecond, int frameBurst, double addressFramesPerSecond,
                        int addressFrameBurst) {
            this(maxConnections, connectionsPerMinute, connectionBurst, namesPerMinute, nameBurst, framesPerSecond,
                    frameBurst, addressFramesPerSecond, addressFrameBurst, 0);
        }
    }

    /** What became of a new connection. */
    public sealed interface Admission {
        /** Served; {@code budget} is what it may spend, and must be closed when the connection ends. */
        record Admitted(Budget budget) implements Admission {
        }

        /** Not served: it gets {@link #line()} and is closed. */
        record Refused(Reason reason, AddressKey address, int maxConnections, Duration retryAfter) implements Admission {
            /**
             * One line for a person on {@code nc} and for a program: it starts with "Closing: " like the login
             * timeout's, never with "[" or "ERR ", and has no 0x00: it is not a reply, and nothing follows it.
             */
            public byte[] line() {
                String text = switch (reason) {
                    case PER_ADDRESS_LIMIT -> "Closing: too many connections from your address (max " + maxConnections + ").\n";
                    case CONNECTION_RATE -> "Closing: too many new connections from your address; try again in "
                            + Math.max(1, (retryAfter.toMillis() + 999) / 1000) + " s.\n";
                };
                return text.getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    /** Why a connection was refused; each is a label of {@code netcat_refused_connections_total}. */
    public enum Reason {
        PER_ADDRESS_LIMIT,
        CONNECTION_RATE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AddressLimits(Settings settings, InstantSource clock) {
        this.settings = settings;
        this.clock = clock;
        this.nextSweep = new AtomicReference<>(clock.instant().plus(SWEEP_INTERVAL));
    }

    /** Admits a connection from {@code address}, or refuses it. Costs a new-connection token either way. */
    public Admission admit(InetAddress address) {
        sweepIfDue();
        AddressKey key = AddressKey.of(address);
        Admission[] admission = new Admission[1];
        addresses.compute(key, (k, known) -> {
            Address state = known != null ? known : new Address(settings, clock);
            if (!state.newConnections.tryTake()) {
                admission[0] = new Admission.Refused(Reason.CONNECTION_RATE, k, settings.maxConnections(),
                        state.newConnections.untilNextToken());
            } else if (settings.maxConnections() > 0 && state.connections >= settings.maxConnections()) {
                admission[0] = new Admission.Refused(Reason.PER_ADDRESS_LIMIT, k, settings.maxConnections(), Duration.ZERO);
            } else {
                state.connections++;
                admission[0] = new Admission.Admitted(new Budget(this, k, state,
                        TokenBucket.of(settings.framesPerSecond(), settings.frameBurst(), clock)));
            }
            return state;
        });
        return admission[0];
    }

    /** Addresses remembered now: with a connection, or with a bucket not yet full again. */
    public int size() {
        return addresses.size();
    }

    /** Called once per admitted connection, by its {@link Budget}. */
    void release(AddressKey key) {
        addresses.computeIfPresent(key, (k, state) -> {
            state.connections--;
            return state.idle() ? null : state;
        });
    }

    private void sweepIfDue() {
        Instant now = clock.instant();
        Instant due = nextSweep.get();
        if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(SWEEP_INTERVAL))) {
            return;
        }
        for (AddressKey key : addresses.keySet()) {
            addresses.computeIfPresent(key, (k, state) -> state.idle() ? null : state);
        }
    }

    /**
     * One address's state. Its count is guarded by the map's lock on its key; the buckets guard themselves.
     * {@code frames} is the address's ceiling; each connection's own frame bucket lives in its {@link Budget}.
     */
    static final class Address {
        final TokenBucket newConnections;
        final TokenBucket names;
        final TokenBucket frames;
        final TokenBucket roomOpenings;
        int connections;

        Address(Settings settings, InstantSource clock) {
            this.newConnections = TokenBucket.of(settings.connectionsPerMinute() / 60, settings.connectionBurst(), clock);
            this.names = TokenBucket.of(settings.namesPerMinute() / 60, settings.nameBurst(), clock);
            this.frames = TokenBucket.of(settings.addressFramesPerSecond(), settings.addressFrameBurst(), clock);
            this.roomOpenings = TokenBucket.of(settings.roomsPerMinute() / 60,
                    (int) Math.max(1, Math.ceil(settings.roomsPerMinute())), clock);
        }

        boolean idle() {
            return connections == 0 && newConnections.isFull() && names.isFull() && frames.isFull()
                    && roomOpenings.isFull();
        }
    }
}
