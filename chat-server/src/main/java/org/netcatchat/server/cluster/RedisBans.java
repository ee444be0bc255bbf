package org.netcatchat.server.cluster;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.server.address.AddressKey;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.moderation.Ban;
import org.netcatchat.server.moderation.Bans;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster's bans, in one Redis hash, {@code PREFIX:bans}: field {@code name KEY} or {@code address KEY}, value
 * {@code UNTIL-MILLIS} and the ban's line as {@code bans.txt} holds it. Every node asks it at each connection (the
 * address) and each {@code name} (the name and the address), so a ban applies on every node at once and survives
 * their restarts. One ban a target: a new ban keeps the later end of the two (the file keeps both, and the longer
 * is the one in force: the same answer). A ban past its time is no ban, and {@link #list} deletes it. Thread-safe.
 */
final class RedisBans implements Bans {
    /** HSET unless the ban there now ends later: the longer ban stands, as with two lines of the file. */
    private static final String LONGER = """
            local old = redis.call('hget', KEYS[1], ARGV[1])
            if old and tonumber(string.match(old, '^%d+')) >= tonumber(ARGV[2]) then return 0 end
            redis.call('hset', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. ARGV[3])
            return 1""";

    private final RedisClient redis;
    private final String key;
    private final InstantSource clock;
    private final ServerEvents events;

    RedisBans(RedisClient redis, String chatPrefix, InstantSource clock, ServerEvents events) {
        this.redis = redis;
        this.key = chatPrefix + ":bans";
        this.clock = clock;
        this.events = events;
    }

    @Override
    public Optional<Ban> ofName(ChatName name) throws IOException {
        return inForce(field(Ban.Kind.NAME, name.key()));
    }

    @Override
    public Optional<Ban> ofAddress(AddressKey address) throws IOException {
        return inForce(field(Ban.Kind.ADDRESS, address.value()));
    }

    @Override
    public List<Ban> list() throws IOException {
        Map<String, String> all = RedisFailures.orIOException(events, () -> redis.hgetAll(key));
        List<Ban> bans = new ArrayList<>();
        List<String> over = new ArrayList<>();
        for (Map.Entry<String, String> entry : all.entrySet()) {
            Optional<Ban> ban = parse(entry.getValue());
            if (ban.isPresent() && ban.get().until().isAfter(clock.instant())) {
                bans.add(ban.get());
            } else if (ban.isPresent()) {
                over.add(entry.getKey());
            }
        }
        if (!over.isEmpty()) {
            RedisFailures.orIOException(events, () -> redis.hdel(key, over.toArray(String[]::new)));
        }
        bans.sort(Comparator.comparing(Ban::until));
        return bans;
    }

    @Override
    public void add(List<Ban> added) throws IOException {
        for (Ban ban : added) {
            RedisFailures.orIOException(events, () -> redis.eval(LONGER, List.of(key), List.of(field(ban.kind(), ban.key()),
                    Long.toString(ban.until().toEpochMilli()), ban.line())));
        }
    }

    @Override
    public List<Ban> lift(String target) throws IOException {
        List<Ban> lifted = new ArrayList<>();
        List<String> fields = new ArrayList<>(List.of(field(Ban.Kind.ADDRESS, target)));
        Ban.keyOfName(target).ifPresent(nameKey -> fields.add(field(Ban.Kind.NAME, nameKey)));
        for (String field : fields) {
            Optional<Ban> ban = inForce(field);
            if (ban.isPresent() && RedisFailures.orIOException(events, () -> redis.hdel(key, field)) > 0) {
                lifted.add(ban.get());
            }
        }
        return lifted;
    }

    private Optional<Ban> inForce(String field) throws IOException {
        String value = RedisFailures.orIOException(events, () -> redis.hget(key, field));
        return value == null ? Optional.empty() : parse(value).filter(ban -> ban.until().isAfter(clock.instant()));
    }

    /** {@code UNTIL-MILLIS LINE}; a value no node wrote is passed over, as no ban. */
    private static Optional<Ban> parse(String value) {
        int space = value.indexOf(' ');
        return space < 0 ? Optional.empty() : Ban.parse(value.substring(space + 1));
    }

    private static String field(Ban.Kind kind, String banKey) {
        return (kind == Ban.Kind.NAME ? "name " : "address ") + banKey;
    }
}
