package org.netcatchat.launcher;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Properties;

/**
 * The {@code Main-Class} of the server and client jars. Compiled for Java 8, so that it loads on any Java a
 * person may run the jar with; it checks the running Java against what the jar needs (from
 * {@code /netcat-launcher.properties} in the same jar) and then calls the real main class. Without it, a
 * jar run on a Java that is too old prints a {@code LinkageError ... class file version 65.0} stack
 * instead of one sentence.
 *
 * <p>The properties: {@code name} (for the message), {@code main} (the real main class), {@code java} (the
 * feature release needed), {@code exact} ({@code true} when only that release will do: preview class files
 * run only on the release that compiled them), {@code command} (how to start it, shown in the message) and,
 * for a jar with preview class files, {@code preview-class}: one of them, loaded (not initialised) up front,
 * because without {@code --enable-preview} the failure would otherwise come later, as a stack trace, from
 * whichever preview class is loaded first.
 */
public final class Launcher {
    static final int EXIT_WRONG_JAVA = 1;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        Properties jar = new Properties();
        InputStream in = Launcher.class.getResourceAsStream("/netcat-launcher.properties");
        if (in == null) {
            throw new IllegalStateException("netcat-launcher.properties is missing from the jar");
        }
        try {
            jar.load(in);
        } finally {
            in.close();
        }
        String name = jar.getProperty("name");
        int needed = Integer.parseInt(jar.getProperty("java"));
        boolean exact = Boolean.parseBoolean(jar.getProperty("exact"));
        int running = featureRelease(System.getProperty("java.specification.version"));
        if (running < needed || (exact && running != needed)) {
            fail(name + " needs Java " + needed + (exact ? "" : " or newer") + ", but this is Java " + running
                    + " (" + System.getProperty("java.home") + "). Install Java " + needed
                    + " and run: " + jar.getProperty("command"));
        }
        Method main;
        try {
            String previewClass = jar.getProperty("preview-class");
            if (previewClass != null) {
                Class.forName(previewClass, false, Launcher.class.getClassLoader());
            }
            main = Class.forName(jar.getProperty("main")).getMethod("main", String[].class);
        } catch (UnsupportedClassVersionError e) {
            // The right release, but preview class files cannot load without the flag.
            fail(name + " uses Java " + needed + " preview features; run it as: " + jar.getProperty("command"));
            return;
        }
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause(); // the real main's own exception, as if it had been called directly
        }
    }

    /** "1.8" → 8, "17" → 17, "25" → 25. */
    static int featureRelease(String specificationVersion) {
        String version = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        int dot = version.indexOf('.');
        return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(EXIT_WRONG_JAVA);
    }
}
