package org.netcatchat.server.accounts;

import org.netcatchat.server.address.AddressKey;
import org.netcatchat.server.address.TokenBucket;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The limit on wrong passwords: a token bucket per address (IPv4, or IPv6 /64) and one per registered name. A
 * guess takes a token from both before its hash is computed, and a right password gives them back, so only wrong
 * guesses count and a refused one costs the server no hash at all. Thread-safe; the buckets are leaf locks.
 *
 * <p>The numbers (docs/SECURITY.md): an address may guess wrong {@value #ADDRESS_BURST} times at once, then once a
 * minute (1,440 a day); a name may be guessed wrong {@value #NAME_BURST} times at once, then 10 times an hour
 * (240 a day, whatever the number of addresses). An eight-character password that is not among the world's most
 * common few hundred thousand outlasts years of that. The price is that a guesser can make its owner wait: the
 * name's bucket refuses everyone, the owner too, until it refills (6 minutes a token).
 */
public final class Guesses {
    static final int ADDRESS_BURST = 10;
    static final double ADDRESS_PER_SECOND = 1.0 / 60;
    static final int NAME_BURST = 20;
    static final double NAME_PER_SECOND = 10.0 / 3600;
    /** Past this many remembered addresses, the full buckets (nothing to remember) are forgotten. */
    private static final int PRUNE_ABOVE = 10_000;

    private final InstantSource clock;
    private final Map<AddressKey, TokenBucket> addresses = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> names = new ConcurrentHashMap<>();

    public Guesses(InstantSource clock) {
        this.clock = clock;
    }

    /** A guess about to be checked; {@link #right} once it proved right. */
    public sealed interface Attempt {
        record Allowed(TokenBucket address, TokenBucket name) implements Attempt {
        }

        /** @param byAddress whether the address's bucket refused (else the name's); {@code retryIn}: until a token */
        record Refused(boolean byAddress, Duration retryIn) implements Attempt {
        }
    }

    /** Takes a token from the address's bucket and the name's ({@code key}), or neither. */
    public Attempt attempt(AddressKey address, String key) {
        TokenBucket fromAddress = bucket(addresses, address, ADDRESS_PER_SECOND, ADDRESS_BURST);
        if (!fromAddress.tryTake()) {
            return new Attempt.Refused(true, fromAddress.untilNextToken());
        }
        TokenBucket forName = bucket(names, key, NAME_PER_SECOND, NAME_BURST);
        if (!forName.tryTake()) {
            fromAddress.giveBack();
            return new Attempt.Refused(false, forName.untilNextToken());
        }
        return new Attempt.Allowed(fromAddress, forName);
    }

    /** The password was right: the guess costs nothing. */
    public void right(Attempt.Allowed attempt) {
        attempt.address().giveBack();
        attempt.name().giveBack();
    }

    /** How many addresses have a bucket now (tests: memory stays bounded). */
    int rememberedAddresses() {
        return addresses.size();
    }

    private <K> TokenBucket bucket(Map<K, TokenBucket> buckets, K key, double perSecond, int burst) {
        Optional<TokenBucket> existing = Optional.ofNullable(buckets.get(key));
        if (existing.isPresent()) {
            return existing.get();
        }
        if (buckets.size() > PRUNE_ABOVE) {
            buckets.values().removeIf(TokenBucket::isFull);
        }
        return buckets.computeIfAbsent(key, k -> TokenBucket.of(perSecond, burst, clock));
    }
}
