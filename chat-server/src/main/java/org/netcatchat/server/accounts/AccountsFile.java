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
 * A single server's registered names, in {@code accounts.txt} beside the history (written whole and atomically,
 * mode 0600, by {@link LineFile}). Thread-safe: {@code this} guards the map and serialises writes of the file; the
 * file is written while holding it, on purpose, so the file and the map never disagree (a write is one small file
 * and an fsync, and only a {@code pass} waits on it). No chat lock is ever held with it.
 */
public final class AccountsFile implements RegisteredNames {
    private static final String HEADER = "netcat-chat accounts: NAME ARGON2ID-HASH, one a line; written by the server,"
            + " replaced whole (mode 0600)";

    private final LineFile file;
    /** Guarded by this. */
    private final Map<String, Accounts.Account> registered;

    private AccountsFile(LineFile file, Map<String, Accounts.Account> registered) {
        this.file = file;
        this.registered = registered;
    }

    /**
     * Reads {@code path} (none yet is no account). A line that is not {@code NAME HASH} stops the start: skipping it
     * would leave that name unprotected without anyone noticing.
     */
    public static AccountsFile open(Path path) throws IOException {
        LineFile file = new LineFile(path);
        Map<String, Accounts.Account> registered = new HashMap<>();
        int number = 0;
        for (String line : file.read()) {
            number++;
            String[] parts = line.split(" ");
            Optional<PasswordHash> hash = parts.length == 2 ? PasswordHash.parse(parts[1]) : Optional.empty();
            if (hash.isEmpty() || !(ChatName.parse(parts[0]) instanceof ChatName.Result.Valid(ChatName name))) {
                throw new IOException(file.path() + ": account " + number + " is not NAME ARGON2ID-HASH; fix or remove"
                        + " that line (the server does not start with an account it cannot read)");
            }
            registered.put(name.key(), new Accounts.Account(name, hash.get(), false));
        }
        return new AccountsFile(file, registered);
    }

    @Override
    public synchronized Optional<Accounts.Account> find(ChatName name) {
        return Optional.ofNullable(registered.get(name.key()));
    }

    @Override
    public synchronized void save(ChatName name, PasswordHash hash) throws IOException {
        Map<String, Accounts.Account> next = new HashMap<>(registered);
        next.put(name.key(), new Accounts.Account(name, hash, false));
        List<String> lines = new ArrayList<>();
        next.values().stream().sorted(Comparator.comparing(account -> account.name().key()))
                .forEach(account -> lines.add(account.name().display() + " " + account.hash().encode()));
        file.write(HEADER, lines);
        registered.put(name.key(), next.get(name.key()));
    }

    @Override
    public synchronized long count() {
        return registered.size();
    }

    @Override
    public String where() {
        return file.path().toString();
    }
}
