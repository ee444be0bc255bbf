package org.netcatchat.server.cluster;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.moderation.SharedMutes;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * A cluster's mutes: {@code PREFIX:mute:KEY} holds {@code UNTIL-MILLIS OPERATOR}, and Redis deletes it when the mute
 * is over ({@code PXAT}). A node reads it when a member joins or renames there; the node of a member muted while
 * online learns it from the operator's node at once (an order through {@code PrivateMail}). Thread-safe.
 */
final class RedisMutes implements SharedMutes {
    private final RedisClient redis;
    private final String prefix;
    private final InstantSource clock;
    private final ServerEvents events;

    RedisMutes(RedisClient redis, String chatPrefix, InstantSource clock, ServerEvents events) {
        this.redis = redis;
        this.prefix = chatPrefix + ":mute:";
        this.clock = clock;
        this.events = events;
    }

    @Override
    public void mute(ChatName name, Instant until, String by) throws IOException {
        RedisFailures.orIOException(events, () -> redis.set(prefix + name.key(), until.toEpochMilli() + " " + by,
                SetParams.setParams().pxAt(until.toEpochMilli())));
    }

    @Override
    public void lift(ChatName name) throws IOException {
        RedisFailures.orIOException(events, () -> redis.del(prefix + name.key()));
    }

    @Override
    public Optional<Instant> until(ChatName name) throws IOException {
        String value = RedisFailures.orIOException(events, () -> redis.get(prefix + name.key()));
        if (value == null) {
            return Optional.empty();
        }
        try {
            Instant until = Instant.ofEpochMilli(Long.parseLong(value.substring(0, value.indexOf(' '))));
            return until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
        } catch (RuntimeException e) {
            throw new IOException(prefix + name.key() + " is not UNTIL-MILLIS OPERATOR");
        }
    }
}
