package org.netcatchat.server.accounts;

import org.netcatchat.protocol.ChatName;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the names registered with {@code pass} are kept: a single server's {@code accounts.txt}
 * ({@link AccountsFile}), or a cluster's Redis ({@code cluster.RedisAccounts}), so that a name registered on one
 * node is protected on every node. Names are compared by {@link ChatName#key()}. Thread-safe.
 */
public interface RegisteredNames {
    /** The registered name of that key and the hash of its password, if it is registered. */
    Optional<Accounts.Account> find(ChatName name) throws IOException;

    /** Registers the name with this hash, or changes its hash; kept before it returns. Nothing changed on a throw. */
    void save(ChatName name, PasswordHash hash) throws IOException;

    /** How many names are registered (asked at start, for a log line). */
    long count() throws IOException;

    /** Where they are kept, for log lines: a path, or the Redis key. */
    String where();
}
