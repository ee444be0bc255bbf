package org.netcatchat.server.cluster;

import org.netcatchat.server.metrics.ServerEvents;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What a failed Redis command tells about its effect. After a read timeout it may have run: a stalled Redis
 * (SIGSTOP, a long fork, a swapping host) runs what waits in its socket buffers when it wakes, after the client
 * gave up (issue 19). Anything else is taken as not run: no connection could be made, none was free in the
 * pool, Redis answered with an error, or the connection was closed under the command (Redis died; it could have
 * run the command just before dying, which is the one case taken wrongly, and rare next to a restart).
 */
final class RedisFailures {
    private RedisFailures() {
    }

    /**
     * Runs a command whose failure its caller answers as a store that did not answer (an account, a ban, a mute):
     * counted in {@code netcat_redis_errors_total}, and thrown as an {@link IOException}.
     */
    static <T> T orIOException(ServerEvents events, Supplier<T> command) throws IOException {
        try {
            return command.get();
        } catch (JedisException e) {
            events.redisFailed();
            throw new IOException("Redis: " + e.getMessage(), e);
        }
    }

    /** Whether the command may have run in spite of {@code failure}: it timed out waiting for Redis' answer. */
    static boolean mayHaveRun(JedisException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException timeout) {
                String message = timeout.getMessage() == null ? "" : timeout.getMessage().toLowerCase(Locale.ROOT);
                return !message.contains("connect"); // "Connect timed out": nothing was sent
            }
        }
        return false;
    }
}
