package org.netcatchat.client;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.netcatchat.client.connection.CannotConnect;
import org.netcatchat.client.connection.Connection;
import org.netcatchat.client.connection.Dial;
import org.netcatchat.client.connection.Pace;
import org.netcatchat.client.piped.PipedChat;
import org.netcatchat.client.session.ChatClient;
import org.netcatchat.client.session.Ending;
import org.netcatchat.client.terminal.InputHistory;
import org.netcatchat.client.terminal.TerminalChat;
import org.netcatchat.protocol.ChatName;
import picocli.CommandLine;

/**
 * {@code java -jar chat-client-tui.jar [HOST] [PORT] [--name NAME] [--no-color]}: parses the arguments,
 * connects, picks the terminal or the piped front end, and registers the one shutdown hook.
 */
public final class Main {
    /** How long the shutdown hook waits for the session to leave politely and restore the terminal. */
    private static final Duration HOOK_PATIENCE = Duration.ofSeconds(4);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        PrintStream out = utf8(FileDescriptor.out);
        PrintStream err = utf8(FileDescriptor.err);
        CommandLine cli = new CommandLine(new Arguments());
        ClientOptions options;
        try {
            cli.parseArgs(args);
            if (cli.isUsageHelpRequested()) {
                cli.usage(out);
                return 0;
            }
            if (cli.isVersionHelpRequested()) {
                cli.printVersionHelp(out);
                return 0;
            }
            options = cli.<Arguments>getCommand().options();
        } catch (CommandLine.ParameterException e) {
            return usageError(err, cli, e.getMessage());
        }

        boolean interactive = Tty.interactive();
        if (!interactive) {
            Optional<String> problem = pipedNameProblem(options.name());
            if (problem.isPresent()) {
                return usageError(err, cli, problem.get());
            }
        }

        Dial dial = () -> Connection.open(options.host(), options.port(), options.connectTimeout(), options.transport(),
                Pace.serverDefault());
        Connection connection;
        try {
            connection = dial.open();
        } catch (CannotConnect e) {
            err.println("chat-client-tui: cannot connect to " + options.host() + ":" + options.port() + ": "
                    + e.getMessage());
            return Ending.CANNOT_CONNECT;
        }

        // Reconnecting is what a person at a terminal wants; a script expects a dropped connection to end it.
        Optional<Dial> redial = options.reconnect().orElse(interactive) ? Optional.of(dial) : Optional.empty();
        ChatClient client = interactive
                ? new TerminalChat(options.name(), options.noColor(), !options.noBell(), redial,
                        options.noHistory() ? Optional.empty() : InputHistory.location(System.getenv()))
                : new PipedChat(options.name().orElseThrow(), redial, System.in, out, err);
        Runtime.getRuntime().addShutdownHook(
                Thread.ofPlatform().name("client-shutdown").unstarted(() -> client.terminate(HOOK_PATIENCE)));
        return client.run(connection).exitCode();
    }

    /** Piped input cannot answer a name prompt, so the name must come with the command. */
    private static Optional<String> pipedNameProblem(Optional<String> name) {
        if (name.isEmpty()) {
            return Optional.of("--name is required when stdin or stdout is not a terminal");
        }
        return switch (ChatName.parse(name.get())) {
            case ChatName.Result.Valid valid -> Optional.empty();
            case ChatName.Result.Invalid invalid -> Optional.of("invalid --name: " + invalid.reason());
        };
    }

    private static int usageError(PrintStream err, CommandLine cli, String message) {
        err.println("chat-client-tui: " + message);
        err.print("Usage: " + cli.getHelp().synopsis(0));
        err.println("Try 'chat-client-tui --help' for more.");
        return Ending.USAGE;
    }

    private static PrintStream utf8(FileDescriptor fd) {
        return new PrintStream(new FileOutputStream(fd), true, StandardCharsets.UTF_8);
    }
}
