package org.netcatchat.client;

import org.netcatchat.client.connection.Transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The command line, as picocli sees it. {@link #options()} turns it into {@link ClientOptions}. */
@Command(
        name = "chat-client-tui",
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        versionProvider = Arguments.Version.class,
        description = {
            "Chat on a netcat-chat server from your terminal.",
            "With stdin or stdout not a terminal, each input line is sent as a message (lines starting with /",
            "are still commands) and every chat line received is printed to stdout; --name is then required."
        },
        footerHeading = "%nIn the chat:%n",
        footer = {
            "  /name NEW  /hist [N]  /who  /quit  /help; anything else is a message (//text sends \"/text\").",
            "  Ctrl+D or Ctrl+C leaves too. NO_COLOR (set and not empty) turns colour off, like --no-color.",
            "",
            "Exit status: 0 left normally, 1 cannot connect, 2 bad arguments, 3 the server closed the",
            "connection (and no reconnect), 4 --name refused (piped mode), 70 client bug, 130 Ctrl+C, 143 SIGTERM."
        })
final class Arguments {

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST", defaultValue = ClientOptions.DEFAULT_HOST,
            description = "Server host name or address (default: ${DEFAULT-VALUE}).")
    private String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PORT", defaultValue = "8989",
            description = "Server port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME",
            description = "Your name: pre-filled at the name prompt; required when piped.")
    private String name;

    @Option(names = "--no-color", description = "Plain output, without colours.")
    private boolean noColor;

    @Option(names = "--no-bell", description = "No terminal bell when someone mentions you (the line is still highlighted).")
    private boolean noBell;

    @Option(names = "--no-history", description = "Do not keep typed lines between sessions"
            + " (default: kept in $XDG_STATE_HOME/netcat-chat/history, mode 0600).")
    private boolean noHistory;

    @Option(names = "--reconnect", description = "When the connection drops, connect again and rejoin: the"
            + " default in a terminal; when piped, without it a drop ends the client with status 3.")
    private boolean reconnect;

    @Option(names = "--no-reconnect", description = "When the connection drops, end (status 3), as scripts expect.")
    private boolean noReconnect;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Give up connecting after this many seconds (default: ${DEFAULT-VALUE}).")
    private int connectTimeoutSeconds;

    @Option(names = "--tls", description = "Connect with TLS, checking the server's certificate against the system's CAs.")
    private boolean tls;

    @Option(names = "--tls-ca", paramLabel = "FILE",
            description = "With TLS, trust only the PEM certificate(s) in FILE (a self-signed server); implies --tls.")
    private Path tlsCa;

    ClientOptions options() {
        if (port < 1 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "port must be from 1 to 65535, not " + port);
        }
        if (connectTimeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--connect-timeout must be at least 1 second");
        }
        Transport transport = tls || tlsCa != null ? new Transport.Tls(Optional.ofNullable(tlsCa)) : new Transport.Plain();
        if (reconnect && noReconnect) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--reconnect and --no-reconnect cannot both be given");
        }
        Optional<Boolean> reconnecting = reconnect ? Optional.of(true) : noReconnect ? Optional.of(false) : Optional.empty();
        return new ClientOptions(host, port, Optional.ofNullable(name), noColor,
                Duration.ofSeconds(connectTimeoutSeconds), transport, reconnecting, noBell, noHistory);
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Arguments.class.getPackage().getImplementationVersion();
            return new String[] {"chat-client-tui " + (version == null ? "(development build)" : version)};
        }
    }
}
