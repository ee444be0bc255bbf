package org.netcatchat.server.address;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one admitted connection may spend: tokens from its address's buckets, shared with every other
 * connection from that address. Thread-safe; {@link #close} once the connection has ended (more calls do nothing).
 */
public final class Budget implements AutoCloseable {
    private final AddressLimits limits;
    private final AddressKey address;
    private final AddressLimits.Address state;
    private final AtomicBoolean closed = new AtomicBoolean();

    Budget(AddressLimits limits, AddressKey address, AddressLimits.Address state) {
        this.limits = limits;
        this.address = address;
        this.state = state;
    }

    /** One frame of the flood limit ({@code --rate-limit}, {@code --rate-burst}). */
    public boolean takeFrame() {
        return state.frames.tryTake();
    }

    /** One {@code name} command of the address's join and rename budget. */
    public boolean takeName() {
        return state.names.tryTake();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            limits.release(address);
        }
    }
}
