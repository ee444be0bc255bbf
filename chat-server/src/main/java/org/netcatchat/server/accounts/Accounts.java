package org.netcatchat.server.accounts;

import org.netcatchat.protocol.ChatName;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The owned names: those registered with {@code pass} (kept in {@code accounts.txt} beside the history) and the
 * operators' ({@code --operator NAME:HASH}, never written to the file). Names are compared by {@link ChatName#key()},
 * as the chat compares them. Thread-safe: {@code this} guards the map and serialises writes of the file; the file is
 * written while holding it, on purpose, so the file and the map never disagree (a write is one small file and an
 * fsync, and only a {@code pass} waits on it). No chat lock is ever held with it, and no hash is computed under it.
 */
public final class Accounts {
    private static final System.Logger LOG = System.getLogger(Accounts.class.getName());
    private static final String HEADER = "netcat-chat accounts: NAME ARGON2ID-HASH, one a line; written by the server,"
            + " replaced whole (mode 0600)";

    /** A protected name and the hash of its password. */
    public record Account(ChatName name, PasswordHash hash, boolean operator) {
    }

    private final LineFile file;
    private final Map<String, Account> operators;
    /** Guarded by this. */
    private final Map<String, Account> registered;

    private Accounts(LineFile file, Map<String, Account> operators, Map<String, Account> registered) {
        this.file = file;
        this.operators = operators;
        this.registered = registered;
    }

    /**
     * Reads {@code path} (none yet is no account). A line that is not {@code NAME HASH} stops the start: skipping it
     * would leave that name unprotected without anyone noticing.
     */
    public static Accounts open(Path path, List<Operator> operators) throws IOException {
        LineFile file = new LineFile(path);
        Map<String, Account> byKey = new HashMap<>();
        for (Operator operator : operators) {
            byKey.put(operator.name().key(), new Account(operator.name(), operator.hash(), true));
        }
        Map<String, Account> registered = new HashMap<>();
        int number = 0;
        for (String line : file.read()) {
            number++;
            String[] parts = line.split(" ");
            Optional<PasswordHash> hash = parts.length == 2 ? PasswordHash.parse(parts[1]) : Optional.empty();
            if (hash.isEmpty() || !(ChatName.parse(parts[0]) instanceof ChatName.Result.Valid(ChatName name))) {
                throw new IOException(file.path() + ": account " + number + " is not NAME ARGON2ID-HASH; fix or remove"
                        + " that line (the server does not start with an account it cannot read)");
            }
            if (byKey.containsKey(name.key())) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1} is an operator (--operator): its line in the file is"
                        + " not used", file.path(), name);
                continue;
            }
            registered.put(name.key(), new Account(name, hash.get(), false));
        }
        LOG.log(registered.isEmpty() && operators.isEmpty() ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
                "accounts: {0} registered in {1}, {2} operator(s)", registered.size(),
                file.path(), operators.size());
        return new Accounts(file, Map.copyOf(byKey), registered);
    }

    /** The account that owns {@code name}, if any: an operator's first. */
    public Optional<Account> find(ChatName name) {
        Account operator = operators.get(name.key());
        if (operator != null) {
            return Optional.of(operator);
        }
        synchronized (this) {
            return Optional.ofNullable(registered.get(name.key()));
        }
    }

    /**
     * Registers {@code name} with {@code hash}, or changes its hash; in the file before it counts. @throws
     * IOException when the file cannot be written: then nothing changed
     */
    public synchronized void register(ChatName name, PasswordHash hash) throws IOException {
        if (operators.containsKey(name.key())) {
            throw new IllegalArgumentException(name + " is an operator's name");
        }
        Map<String, Account> next = new HashMap<>(registered);
        next.put(name.key(), new Account(name, hash, false));
        List<String> lines = new ArrayList<>();
        next.values().stream().sorted(Comparator.comparing(account -> account.name().key()))
                .forEach(account -> lines.add(account.name().display() + " " + account.hash().encode()));
        file.write(HEADER, lines);
        registered.put(name.key(), new Account(name, hash, false));
    }

    /** Whether no name is owned at all: nobody registered, and no operator. */
    public synchronized boolean isEmpty() {
        return registered.isEmpty() && operators.isEmpty();
    }

    public Path path() {
        return file.path();
    }
}
