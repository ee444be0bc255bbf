package org.netcatchat.server;

import org.netcatchat.server.history.HistoryRefusedException;
import org.netcatchat.server.logging.LogSettings;
import picocli.CommandLine;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.Inet6Address;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code java --enable-preview -jar chat-server.jar [port] [options]}: parses the arguments, starts the server,
 * and is the one place that registers the shutdown hook. {@code ... chat-server.jar hash-password} prints the hash
 * of a password for {@code --operator} instead ({@link HashPassword}).
 *
 * <p>SIGHUP opens the history file again (see {@link ChatServer#reopenHistory}), unless the process was started
 * with it ignored (nohup): then a warning says so at start-up.
 *
 * <p>Exit codes: 0 after a stop by SIGINT or SIGTERM, 1 when the server cannot start (port in use, history
 * file not writable, or refused: owned by another server, a symlink, NUL bytes, a tail that is no torn line)
 * or fails, 2 for a wrong command line.
 */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    /** The status the shutdown hook ends the process with; see {@link #main}. */
    private static volatile int exitStatus = EXIT_OK;

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(HashPassword.COMMAND)) {
            System.exit(HashPassword.run(args, System.in, System.out, System.err));
            return;
        }
        PrintWriter err = new PrintWriter(System.err, true);
        CommandLine commandLine;
        try {
            commandLine = Arguments.commandLine(args, System.getenv());
        } catch (ConfigSources.ConfigException e) {
            err.println("chat-server: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        ConfigSources sources = (ConfigSources) commandLine.getDefaultValueProvider();
        ServerOptions options;
        try {
            CommandLine.ParseResult parsed = commandLine.parseArgs(args);
            if (parsed.isUsageHelpRequested()) {
                commandLine.usage(System.out);
                return;
            }
            if (parsed.isVersionHelpRequested()) {
                commandLine.printVersionHelp(System.out);
                return;
            }
            options = ((Arguments) commandLine.getCommand()).toOptions();
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            // A value from the environment or the config file is reported with where it came from.
            Optional<String> source = e instanceof CommandLine.ParameterException p && p.getArgSpec() != null
                    ? sources.sourceOf(p.getArgSpec()) : sources.sourceOfMessage(e.getMessage());
            err.println("chat-server: " + e.getMessage() + source.map(s -> " (from " + s + ")").orElse(""));
            err.println("usage: " + Arguments.usage() + "   (--help lists the options)");
            System.exit(EXIT_USAGE);
            return;
        }

        LogSettings.apply(options.logging());
        HeapGiveBack.configure();
        ChatServer server;
        try {
            server = ChatServer.start(options, Clock.system(options.timeZone()));
        } catch (BindException e) {
            err.println("chat-server: cannot listen on port " + options.port()
                    + options.tls().map(tls -> ", TLS port " + tls.port()).orElse("") + " or metrics port "
                    + options.metricsPort() + ": " + e.getMessage() + " (is another server running?)");
            System.exit(EXIT_FAILED);
            return;
        } catch (HistoryRefusedException e) {
            err.println("chat-server: " + e.getMessage());
            System.exit(EXIT_FAILED);
            return;
        } catch (AccessDeniedException e) {
            err.println("chat-server: cannot write the history file " + e.getFile() + ": permission denied");
            System.exit(EXIT_FAILED);
            return;
        } catch (FileSystemException e) {
            err.println("chat-server: cannot open the history file " + e.getFile() + ": " + e.getReason());
            System.exit(EXIT_FAILED);
            return;
        } catch (IOException e) {
            err.println("chat-server: cannot start: " + e.getMessage());
            System.exit(EXIT_FAILED);
            return;
        }

        // A JVM stopped by SIGTERM runs its hooks and then exits with 143 (130 for SIGINT). For us a signal is
        // the normal way to stop, and a stop that drained every client cleanly is a success, so the hook ends
        // the process itself, with 0 — or with the failure status main set before it called System.exit.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            server.close();
            Runtime.getRuntime().halt(exitStatus);
        }));
        // SIGHUP (logrotate's postrotate): open the history file again. The handler only hands it over. A JVM
        // started with SIGHUP ignored (nohup) keeps ignoring it and installs no handler: say so, as the operator
        // expects the signal to work. The path is still checked before every append, so a rename is followed
        // at the next line; only the "at once" is lost.
        if (Signal.handle(new Signal("HUP"), signal -> server.reopenHistory()) == SignalHandler.SIG_IGN) {
            System.getLogger(Main.class.getName()).log(System.Logger.Level.WARNING, "SIGHUP is ignored by this "
                    + "process (started under nohup?): it cannot make the server reopen the history at once; after a "
                    + "logrotate the new file is opened at the next line");
        }
        // The chat ports are described as bound; /metrics binds its wildcard in the same JVM, so it gets the
        // same family: a dual-stack [::] when the chat's wildcard did.
        boolean dualStack = server.plainAddress().or(server::tlsAddress)
                .map(address -> address.getAddress() instanceof Inet6Address).orElse(false);
        System.getLogger(Main.class.getName()).log(System.Logger.Level.INFO,
                "netcat-chat listening on {0}; metrics {1}; history {2}",
                server.plainAddress().map(ListenAddress::describe)
                        .orElse(options.bind().getHostAddress() + " with no plain-text port")
                        + server.tlsAddress().map(address -> "; TLS on " + ListenAddress.describe(address)).orElse(""),
                server.metricsPort().map(p -> "on " + ListenAddress.describeUrl(options.metricsBind(), p, dualStack))
                        .orElse("off"),
                options.cluster().map(cluster -> "the Redis stream " + cluster.keyPrefix() + ":log on " + cluster.shown())
                        .orElse(options.historyFile().toAbsolutePath() + " (fsync "
                                + options.fsync().name().toLowerCase(Locale.ROOT) + ")"));

        server.awaitStopped();
        if (!server.stopRequested()) {
            exitStatus = EXIT_FAILED; // the listener ended on its own: that is a failure, not a stop
            System.exit(EXIT_FAILED);
        }
    }

}
