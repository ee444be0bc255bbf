package org.netcatchat.client.terminal;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The terminal's settings, saved exactly with {@code stty -g} and put back with {@code stty SAVED}.
 *
 * <p>Why, when JLine restores the terminal itself: JLine keeps settings as its own {@code Attributes}, which
 * have no line speed and no room for flags it does not model, so its restore turns {@code speed 38400 baud}
 * into {@code speed 0 baud} (seen with the FFM provider on Linux, JLine 3.30). {@code stty -g} is every
 * field of the termios, so {@code stty -a} afterwards reads exactly as before the client started.
 *
 * <p>Best effort: without {@code stty} (Windows), there is nothing saved and JLine's restore is all there is.
 */
final class TtySettings {
    /** stty answers in milliseconds; this only guards against a wedged process. */
    private static final long STTY_TIMEOUT_SECONDS = 2;

    private final String saved;

    private TtySettings(String saved) {
        this.saved = Objects.requireNonNull(saved, "saved");
    }

    /** The settings of the terminal on stdin, if {@code stty} can read them. */
    static Optional<TtySettings> save() {
        try {
            Process stty = new ProcessBuilder("stty", "-g")
                    .redirectInput(Redirect.INHERIT)
                    .redirectError(Redirect.DISCARD)
                    .start();
            String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!stty.waitFor(STTY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                stty.destroyForcibly();
                return Optional.empty();
            }
            return stty.exitValue() == 0 && !out.isEmpty() ? Optional.of(new TtySettings(out)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Puts the saved settings back. Never throws. */
    void restore() {
        try {
            Process stty = new ProcessBuilder("stty", saved)
                    .redirectInput(Redirect.INHERIT)
                    .redirectOutput(Redirect.DISCARD)
                    .redirectError(Redirect.DISCARD)
                    .start();
            if (!stty.waitFor(STTY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                stty.destroyForcibly();
            }
        } catch (IOException e) {
            // nothing more can be done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
