package org.netcatchat.server.cluster;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.server.accounts.Accounts;
import org.netcatchat.server.accounts.PasswordHash;
import org.netcatchat.server.accounts.RegisteredNames;
import org.netcatchat.server.metrics.ServerEvents;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.util.Optional;

/**
 * A cluster's registered names, in one Redis hash, {@code PREFIX:accounts}: field the name's key (NFKC,
 * case-folded, as names are compared), value {@code DISPLAY ARGON2ID-HASH}, the line {@code accounts.txt} would
 * hold. Every node reads it at each {@code name} of a registered name, so a name registered on one node is protected
 * on all of them at once, and survives every node's restart (Redis' own persistence is what keeps it: see
 * CLUSTER.md). A value that is not {@code NAME HASH} is an error, never a guest's name. Thread-safe.
 */
final class RedisAccounts implements RegisteredNames {
    private final RedisClient redis;
    private final String key;
    private final ServerEvents events;

    RedisAccounts(RedisClient redis, String chatPrefix, ServerEvents events) {
        this.redis = redis;
        this.key = chatPrefix + ":accounts";
        this.events = events;
    }

    @Override
    public Optional<Accounts.Account> find(ChatName name) throws IOException {
        String value = RedisFailures.orIOException(events, () -> redis.hget(key, name.key()));
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split(" ");
        Optional<PasswordHash> hash = parts.length == 2 ? PasswordHash.parse(parts[1]) : Optional.empty();
        if (hash.isEmpty() || !(ChatName.parse(parts[0]) instanceof ChatName.Result.Valid(ChatName display))) {
            throw new IOException(key + ": the account of " + name + " is not NAME ARGON2ID-HASH");
        }
        return Optional.of(new Accounts.Account(display, hash.get(), false));
    }

    @Override
    public void save(ChatName name, PasswordHash hash) throws IOException {
        RedisFailures.orIOException(events, () -> redis.hset(key, name.key(), name.display() + " " + hash.encode()));
    }

    @Override
    public long count() throws IOException {
        return RedisFailures.orIOException(events, () -> redis.hlen(key));
    }

    @Override
    public String where() {
        return "Redis hash " + key;
    }
}
