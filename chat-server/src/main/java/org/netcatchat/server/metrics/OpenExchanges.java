package org.netcatchat.server.metrics;

import org.netcatchat.server.address.AddressKey;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;

/**
 * Which connections the metrics port keeps open: at most {@code maxPerAddress} from one address (see
 * {@link AddressKey}) and {@code max} in all. When a new connection would pass either limit, the connection that
 * has waited longest <em>without having sent its whole request</em> (from that address, or from anyone for the
 * total) makes room for it; if every open one is already being answered, the new one is turned away.
 *
 * <p>Why make room rather than refuse the newcomer: a probe (Prometheus, HAProxy's {@code /readyz}, the
 * kubelet) sends its request in its first packet, so it leaves the waiting set a moment after it is accepted,
 * while a client that holds sockets open without asking anything stays in it. Refusing newcomers let one client
 * with 64 idle sockets turn every probe away; with room made from the oldest waiting one, holding sockets only
 * ever evicts the holder's own, and a probe is lost only if {@code maxPerAddress} newer connections from its own
 * address arrive in the moment between its accept and its request.
 *
 * <p>Thread-safe: every method holds {@code this}, a leaf lock held for a few collection operations.
 *
 * @param <C> a connection: compared by identity
 */
final class OpenExchanges<C> {
    /** What became of a new connection. */
    sealed interface Admission<C> {
        /** Kept; {@code evicted}, if present, was removed to make room and must be closed by the caller. */
        record Kept<C>(Optional<C> evicted) implements Admission<C> {
        }

        /** Turned away: every open connection of its limit is being answered. */
        record TurnedAway<C>() implements Admission<C> {
        }
    }

    private final int max;
    private final int maxPerAddress;
    /** Guarded by this: every open connection, and its address. */
    private final Map<C, AddressKey> open = new HashMap<>();
    /** Guarded by this: per address, how many of {@link #open} are from it. */
    private final Map<AddressKey, Integer> perAddress = new HashMap<>();
    /** Guarded by this: the open connections whose request is not complete yet, oldest first. */
    private final SequencedSet<C> waiting = new LinkedHashSet<>();

    OpenExchanges(int max, int maxPerAddress) {
        if (max < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("limits must be at least 1: " + max + ", " + maxPerAddress);
        }
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    synchronized Admission<C> admit(C connection, AddressKey address) {
        Optional<C> evicted = Optional.empty();
        if (perAddress.getOrDefault(address, 0) >= maxPerAddress) {
            evicted = oldestWaiting(Optional.of(address));
            if (evicted.isEmpty()) {
                return new Admission.TurnedAway<>();
            }
        } else if (open.size() >= max) {
            evicted = oldestWaiting(Optional.empty());
            if (evicted.isEmpty()) {
                return new Admission.TurnedAway<>();
            }
        }
        evicted.ifPresent(this::closed);
        open.put(connection, address);
        perAddress.merge(address, 1, Integer::sum);
        waiting.add(connection);
        return new Admission.Kept<>(evicted);
    }

    /** Its whole request has arrived: from now on it is being answered and makes room for nobody. */
    synchronized void requestRead(C connection) {
        waiting.remove(connection);
    }

    /** It has ended (or was evicted). More calls do nothing. */
    synchronized void closed(C connection) {
        AddressKey address = open.remove(connection);
        if (address != null) {
            waiting.remove(connection);
            perAddress.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
        }
    }

    synchronized int size() {
        return open.size();
    }

    /** Guarded by this. */
    private Optional<C> oldestWaiting(Optional<AddressKey> from) {
        for (Iterator<C> it = waiting.iterator(); it.hasNext(); ) {
            C candidate = it.next();
            if (from.isEmpty() || from.get().equals(open.get(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
