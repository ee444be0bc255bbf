package org.netcatchat.client;

import org.netcatchat.client.connection.Transport;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Every option of the client, with its default, in one place. {@link Arguments} fills it from the command line.
 *
 * @param transport plain TCP, or TLS ({@code --tls}, {@code --tls-ca FILE})
 * @param noHistory {@code --no-history}: typed lines are not kept between sessions
 * @param noBell    {@code --no-bell}: no terminal bell when someone mentions the user
 * @param reconnect {@code --reconnect} (true) or {@code --no-reconnect} (false); empty: reconnect in a terminal,
 *                  not when piped
 */
public record ClientOptions(String host, int port, Optional<String> name, boolean noColor, Duration connectTimeout,
        Transport transport, Optional<Boolean> reconnect, boolean noBell, boolean noHistory) {
    public static final String DEFAULT_HOST = "localhost";
    /** Long enough for a slow network, short enough that a typo'd address does not look like a hang. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public ClientOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(reconnect, "reconnect");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
    }
}
