package org.netcatchat.server.accounts;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Password;
import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.Reply;
import org.netcatchat.server.address.AddressKey;
import org.netcatchat.server.metrics.ServerEvents;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * What owned names add to {@code name} and what {@code pass} does (issue 18), decided before the chat is asked, on
 * the connection's own thread and holding no lock of the chat: a hash takes tens of milliseconds. At most
 * {@link #hashing} hashes run at once, so their memory is bounded: that many times {@code --password-memory}.
 * Passwords go into a hash and nowhere else: no log line, metric or reply quotes one. Thread-safe.
 */
public final class SignIn {
    private static final System.Logger LOG = System.getLogger(SignIn.class.getName());

    /** What a {@code name} may do, as far as the accounts are concerned. */
    public sealed interface Proof {
        /** An unregistered name without a password: version 1, a guest. */
        record Guest() implements Proof {
        }

        /** The right password for a registered name (or an operator's). */
        record Owner(Accounts.Account account) implements Proof {
        }

        record Refused(Reply.Error error) implements Proof {
        }
    }

    /** How the connection came in: passwords may be refused over plain text ({@code --passwords-on-tls-only}). */
    public enum Transport { PLAIN, TLS }

    /** A single server's file, or a cluster's Redis, with the operators of the configuration. */
    private final Accounts accounts;
    private final Guesses guesses;
    private final HashCost cost;
    private final boolean tlsOnly;
    private final ServerEvents events;
    private final SecureRandom random = new SecureRandom();
    /** One permit a hash: the cores, at least two, so logins cannot take the heap or every core. */
    private final Semaphore hashing = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));

    public SignIn(Accounts accounts, Guesses guesses, HashCost cost, boolean tlsOnly, ServerEvents events) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.guesses = Objects.requireNonNull(guesses, "guesses");
        this.cost = Objects.requireNonNull(cost, "cost");
        this.tlsOnly = tlsOnly;
        this.events = Objects.requireNonNull(events, "events");
    }

    public Accounts accounts() {
        return accounts;
    }

    /**
     * Whether {@code who} (a connection, for log lines) may take {@code name}, with the password it gave if any.
     * A wrong password costs a token of the address's and the name's guesses; without one, nothing is hashed.
     */
    public Proof prove(String who, ChatName name, Optional<Password> password, AddressKey address, Transport transport) {
        Optional<Accounts.Account> account;
        try {
            account = find(who, name);
        } catch (IOException e) { // nobody can tell whether it is owned: as a guest's it could be an owner's
            return refused(Problem.HISTORY_UNAVAILABLE, "accounts unavailable: cannot tell whether " + name
                    + " is registered now; try again later");
        }
        if (account.isEmpty()) {
            return password.isEmpty() ? new Proof.Guest() : refused(Problem.BAD_ARGUMENT, "not registered: " + name
                    + " has no password; send name " + name + " alone, then pass followed by a password to register it");
        }
        if (password.isEmpty()) {
            return refused(Problem.NAME_REGISTERED, "name registered: " + account.get().name() + " is "
                    + (account.get().operator() ? "an operator's name" : "a registered name")
                    + "; send name " + account.get().name() + " followed by its password");
        }
        if (tlsOnly && transport == Transport.PLAIN) {
            return tlsRequired();
        }
        Guesses.Attempt attempt = guesses.attempt(address, name.key());
        switch (attempt) {
            case Guesses.Attempt.Refused refused -> {
                events.passwordGuessesRefused();
                LOG.log(System.Logger.Level.WARNING, "{0}: too many wrong passwords {1}; {2} refused unchecked", who,
                        refused.byAddress() ? "from " + address : "for " + name, name);
                return refused(Problem.TOO_MANY_GUESSES, "too many wrong passwords " + (refused.byAddress()
                        ? "from your address" : "for " + account.get().name()) + "; try again in " + shown(refused.retryIn()));
            }
            case Guesses.Attempt.Allowed allowed -> {
                Optional<Boolean> right = check(account.get().hash(), password.get());
                if (right.isEmpty()) {
                    allowed.address().giveBack();
                    allowed.name().giveBack();
                    return refused(Problem.SHUTTING_DOWN, "server is shutting down");
                }
                if (right.get()) {
                    guesses.right(allowed);
                    return new Proof.Owner(account.get());
                }
                events.wrongPassword();
                LOG.log(System.Logger.Level.INFO, "{0}: wrong password for {1}", who, account.get().name());
                return refused(Problem.NAME_REGISTERED, "name registered: wrong password for " + account.get().name());
            }
        }
    }

    /**
     * {@code pass}: registers {@code name} (the name {@code who} has joined under) or changes its password;
     * {@code proven} says whether this connection proved the name with its password.
     */
    public Reply register(String who, ChatName name, boolean proven, Password password, Transport transport) {
        if (tlsOnly && transport == Transport.PLAIN) {
            return tlsRequired().error();
        }
        Optional<Accounts.Account> account;
        try {
            account = find(who, name);
        } catch (IOException e) {
            return new Reply.Error(Problem.HISTORY_UNAVAILABLE, "accounts unavailable: the password was not saved,"
                    + " try again later");
        }
        if (account.isPresent() && account.get().operator()) {
            return new Reply.Error(Problem.NOT_ALLOWED, "not allowed: an operator's password is set by the server's"
                    + " --operator option, not by pass");
        }
        if (account.isPresent() && !proven) {
            return new Reply.Error(Problem.NOT_ALLOWED, "not allowed: " + name + " is registered; join with name "
                    + name + " and its password to change it");
        }
        Optional<PasswordHash> hash = hash(password);
        if (hash.isEmpty()) {
            return new Reply.Error(Problem.SHUTTING_DOWN, "server is shutting down");
        }
        try {
            accounts.register(name, hash.get());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: could not save the account of {1} in {2}: {3}", who, name,
                    accounts.where(), e.toString());
            return new Reply.Error(Problem.HISTORY_UNAVAILABLE, "accounts unavailable: the password was not saved,"
                    + " try again later");
        }
        events.accountSaved();
        LOG.log(System.Logger.Level.INFO, "{0}: {1} {2}", who, account.isPresent() ? "changed the password of"
                : "registered", name);
        return Reply.ACK;
    }

    /** The account of {@code name}; a store that does not answer is logged, then thrown. */
    private Optional<Accounts.Account> find(String who, ChatName name) throws IOException {
        try {
            return accounts.find(name);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: could not look {1} up in {2}: {3}", who, name, accounts.where(),
                    e.getMessage());
            throw e;
        }
    }

    /** Whether {@code password} matches; empty when interrupted (the server is stopping). */
    private Optional<Boolean> check(PasswordHash hash, Password password) {
        try {
            hashing.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.of(hash.matches(password));
        } finally {
            hashing.release();
        }
    }

    private Optional<PasswordHash> hash(Password password) {
        try {
            hashing.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.of(PasswordHash.of(password, cost, random));
        } finally {
            hashing.release();
        }
    }

    private static Proof.Refused tlsRequired() {
        return refused(Problem.NOT_ALLOWED, "passwords only over TLS: this server takes passwords on its TLS port"
                + " only, so that they never cross the network in clear");
    }

    private static Proof.Refused refused(Problem problem, String reason) {
        return new Proof.Refused(new Reply.Error(problem, reason));
    }

    /** {@code 52 s}, {@code 6 min}: rounded up, never {@code 0 s}. */
    static String shown(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return seconds < 120 ? seconds + " s" : ((seconds + 59) / 60) + " min";
    }
}
