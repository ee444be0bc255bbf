package org.netcatchat.server.address;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one admitted connection may spend: frames from a bucket of its own within its address's ceiling, and
 * names from its address's bucket, both address buckets shared with every other connection from that address.
 * Thread-safe; {@link #close} once the connection has ended (more calls do nothing).
 */
public final class Budget implements AutoCloseable {
    private final AddressLimits limits;
    private final AddressKey address;
    private final AddressLimits.Address state;
    /** This connection's own flood limit; a new connection starts full, which is why the address has a ceiling. */
    private final TokenBucket frames;
    private final AtomicBoolean closed = new AtomicBoolean();

    Budget(AddressLimits limits, AddressKey address, AddressLimits.Address state, TokenBucket frames) {
        this.limits = limits;
        this.address = address;
        this.state = state;
        this.frames = frames;
    }

    /**
     * One frame: from this connection's bucket ({@code --rate-limit}, {@code --rate-burst}), then from its
     * address's ceiling ({@code --address-rate-limit}, {@code --address-rate-burst}). Refused by its own bucket,
     * a frame costs the ceiling nothing, so one flooding connection cannot spend its neighbours' share; refused
     * by the ceiling, its own token is given back.
     */
    public boolean takeFrame() {
        if (!frames.tryTake()) {
            return false;
        }
        if (state.frames.tryTake()) {
            return true;
        }
        frames.giveBack();
        return false;
    }

    /** The address this connection spends from: an IPv4 address or an IPv6 /64. */
    public AddressKey address() {
        return address;
    }

    /** One {@code name} command of the address's join and rename budget. */
    public boolean takeName() {
        return state.names.tryTake();
    }

    /** One join that opens a room nobody is in, of the address's budget ({@code --room-creations-per-minute}). */
    public boolean takeRoomOpening() {
        return state.roomOpenings.tryTake();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            limits.release(address);
        }
    }
}
