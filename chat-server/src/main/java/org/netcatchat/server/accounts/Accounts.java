package org.netcatchat.server.accounts;

import org.netcatchat.protocol.ChatName;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The owned names: the operators' ({@code --operator NAME:HASH}, from the configuration, never stored) and those
 * registered with {@code pass} ({@link RegisteredNames}: a file on one server, Redis in a cluster). An operator's
 * name is found first, so nobody can register it or shadow it. Thread-safe; no hash is computed here.
 */
public final class Accounts {
    private static final System.Logger LOG = System.getLogger(Accounts.class.getName());

    /** A protected name and the hash of its password. */
    public record Account(ChatName name, PasswordHash hash, boolean operator) {
    }

    private final RegisteredNames registered;
    private final Map<String, Account> operators;

    public Accounts(RegisteredNames registered, List<Operator> operators) {
        this.registered = registered;
        Map<String, Account> byKey = new HashMap<>();
        for (Operator operator : operators) {
            byKey.put(operator.name().key(), new Account(operator.name(), operator.hash(), true));
        }
        this.operators = Map.copyOf(byKey);
    }

    /** A single server's: the registered names in the file at {@code path}. */
    public static Accounts open(Path path, List<Operator> operators) throws IOException {
        AccountsFile file = AccountsFile.open(path);
        for (Operator operator : operators) {
            if (file.find(operator.name()).isPresent()) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1} is an operator (--operator): its line in the file is"
                        + " not used", file.where(), operator.name());
            }
        }
        Accounts accounts = new Accounts(file, operators);
        accounts.logCounts();
        return accounts;
    }

    /**
     * The account that owns {@code name}, if any: an operator's first. @throws IOException when where the
     * registered names are kept does not answer (Redis, in a cluster): then nobody can tell whether it is owned
     */
    public Optional<Account> find(ChatName name) throws IOException {
        Account operator = operators.get(name.key());
        return operator != null ? Optional.of(operator) : registered.find(name);
    }

    /** Whether {@code name} is an operator's: the configuration's answer, which needs no store. */
    public boolean isOperator(ChatName name) {
        return operators.containsKey(name.key());
    }

    /**
     * Registers {@code name} with {@code hash}, or changes its hash; kept before it counts. @throws IOException
     * when it cannot be kept: then nothing changed
     */
    public void register(ChatName name, PasswordHash hash) throws IOException {
        if (isOperator(name)) {
            throw new IllegalArgumentException(name + " is an operator's name");
        }
        registered.save(name, hash);
    }

    /** Whether no name is owned at all: nobody registered, and no operator. */
    public boolean isEmpty() throws IOException {
        return operators.isEmpty() && registered.count() == 0;
    }

    /** At start: how many names are owned, at INFO once there is one (at DEBUG for a server nobody registered on). */
    public void logCounts() throws IOException {
        long count = registered.count();
        LOG.log(count == 0 && operators.isEmpty() ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
                "accounts: {0} registered in {1}, {2} operator(s)", count, registered.where(), operators.size());
    }

    /** Where the registered names are kept, for log lines. */
    public String where() {
        return registered.where();
    }
}
