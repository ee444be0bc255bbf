package org.netcatchat.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The commit of the checkout the tests run in, asked of {@code git} itself (not of the build), so a test can check
 * that what the server says it was built from is this checkout's commit.
 */
public final class ThisCheckout {
    private ThisCheckout() {
    }

    /** {@code git rev-parse --short=7 HEAD}: the abbreviated commit, as the build writes it. */
    public static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!git.waitFor(30, TimeUnit.SECONDS) || git.exitValue() != 0) {
                throw new AssertionError("git rev-parse failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("git is needed to know this checkout's commit", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What {@code --version} prints for this build: the version, then this commit, with {@code -dirty} when the tree was. */
    public static Pattern versionLine(String program, String version) {
        return Pattern.compile(Pattern.quote(program + " " + version + " (commit " + commit()) + "(-dirty)?\\)");
    }
}
