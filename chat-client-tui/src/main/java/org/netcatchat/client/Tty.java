package org.netcatchat.client;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the client runs in a terminal: both stdin and stdout are terminals. */
final class Tty {

    private Tty() {
    }

    /**
     * JDK 22+ has {@code Console.isTerminal()}, since {@code System.console()} may return a console for
     * redirected streams there; it is called reflectively because this module compiles for Java 21, where a
     * console exists only when stdin and stdout are both terminals. No JLine here: building a JLine terminal
     * just to ask would print its "dumb terminal" warning when piped.
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
