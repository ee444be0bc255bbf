package org.netcatchat.server;

import org.netcatchat.protocol.Password;
import org.netcatchat.server.accounts.HashCost;
import org.netcatchat.server.accounts.PasswordHash;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code java --enable-preview -jar chat-server.jar hash-password [--password-memory KIB] [--password-iterations N]}:
 * reads a password (on a terminal without echo, twice; else the first line of standard input) and prints its
 * Argon2id hash, one line, for {@code --operator NAME:HASH}. The password is never printed.
 */
final class HashPassword {
    static final String COMMAND = "hash-password";

    private HashPassword() {
    }

    /** @return the exit status: 0, or 2 for a wrong command line or a password that cannot be one */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        int memory = HashCost.DEFAULT.memoryKiB();
        int iterations = HashCost.DEFAULT.iterations();
        HashCost cost;
        try {
            for (int i = 1; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--password-memory" -> memory = Integer.parseInt(args[i + 1]);
                    case "--password-iterations" -> iterations = Integer.parseInt(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            cost = HashCost.of(memory, iterations);
        } catch (IllegalArgumentException e) {
            err.println("chat-server hash-password: " + e.getMessage());
            err.println("usage: " + Arguments.usage().replace(" [port] [options]", "") + " " + COMMAND
                    + " [--password-memory KIB] [--password-iterations N]   (the password is read from standard input)");
            return Main.EXIT_USAGE;
        }
        Optional<String> typed;
        try {
            typed = read(in, err);
        } catch (IOException e) {
            err.println("chat-server hash-password: cannot read the password: " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        if (typed.isEmpty()) {
            return Main.EXIT_USAGE;
        }
        Optional<String> problem = Password.problemWith(typed.get());
        if (problem.isPresent()) {
            err.println("chat-server hash-password: " + problem.get());
            return Main.EXIT_USAGE;
        }
        out.println(PasswordHash.of(new Password(typed.get()), cost, new SecureRandom()).encode());
        return Main.EXIT_OK;
    }

    /** From the terminal, without echo and twice; else the first line of {@code in}. Empty when none was had. */
    private static Optional<String> read(InputStream in, PrintStream err) throws IOException {
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            char[] first = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            try {
                if (first == null || again == null || !Arrays.equals(first, again)) {
                    err.println("chat-server hash-password: the two passwords differ");
                    return Optional.empty();
                }
                return Optional.of(new String(first));
            } finally {
                if (first != null) {
                    Arrays.fill(first, ' ');
                }
                if (again != null) {
                    Arrays.fill(again, ' ');
                }
            }
        }
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            err.println("chat-server hash-password: no password on standard input");
            return Optional.empty();
        }
        return Optional.of(line);
    }
}
