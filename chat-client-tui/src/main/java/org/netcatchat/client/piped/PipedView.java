package org.netcatchat.client.piped;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netcatchat.client.render.Renderer;
import org.netcatchat.client.render.Theme;
import org.netcatchat.client.session.Ending;
import org.netcatchat.client.session.FrontEnd;
import org.netcatchat.client.window.WindowName;
import org.netcatchat.client.window.Windows;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Printable;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.Roster;

/**
 * The chat session for a script: chat lines to stdout exactly as the server sent them (control characters
 * replaced), so stdout is a clean transcript; everything else to stderr. Thread-safe: PrintStreams lock.
 */
final class PipedView implements FrontEnd {
    private final PrintStream out;
    private final PrintStream err;
    private final Renderer plain = new Renderer(Theme.plain(), Clock.systemDefaultZone());

    PipedView(PrintStream out, PrintStream err) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /** Every line as the server sent it: a room's and a private line say where they belong themselves. */
    @Override
    public void pushed(WindowName where, PushedLine line) {
        out.println(Printable.clean(line.render()));
    }

    /** A transcript has no windows: which one is in front only decides where typed lines go. */
    @Override
    public void windows(Windows.Snapshot now) {
    }

    @Override
    public void serverText(String text, boolean joined) {
        err.println(Printable.clean(text));
    }

    @Override
    public void refused(Command command, String reason) {
        err.println(plain.refused(command, reason));
    }

    @Override
    public void problem(String text) {
        err.println(plain.error(text));
    }

    @Override
    public void note(String text) {
        err.println(plain.info(text));
    }

    @Override
    public void help() {
        err.println(Renderer.helpText());
    }

    @Override
    public void named(ChatName me) {
    }

    @Override
    public void historyBegins() {
    }

    @Override
    public void historyEnds() {
    }

    /** A transcript has no markers: the replay is printed as it arrives, like every other line. */
    @Override
    public boolean marksReplay() {
        return false;
    }

    @Override
    public void replayed(WindowName where, List<PushedLine> lines) {
        lines.forEach(line -> pushed(where, line));
    }

    @Override
    public void caughtUp(WindowName where, List<PushedLine> missed, boolean sure) {
        if (!sure) {
            err.println(plain.info("Could not tell exactly where the transcript left off"
                    + (where instanceof WindowName.Room room ? " in " + room.label() : "")
                    + ": some lines may repeat or be missing."));
        }
        missed.forEach(line -> pushed(where, line));
    }

    @Override
    public void joined(ChatName me, boolean again) {
        if (again) {
            err.println(plain.info("Reconnected as " + me + "."));
        }
    }

    @Override
    public void roster(WindowName where, Roster roster) {
        err.println(where instanceof WindowName.Room room ? plain.roster(room.label(), roster) : plain.roster(roster));
    }

    @Override
    public void enteredRoom(WindowName.Room room, boolean again) {
        err.println(plain.info((again ? "Rejoined " : "Joined ") + room.label()
                + "; lines read from now on go to it."));
    }

    @Override
    public void leftRoom(WindowName.Room room, Optional<String> why) {
        err.println(why.isPresent() ? plain.error("could not rejoin " + room.label() + ": " + why.get())
                : plain.info("Left " + room.label() + "."));
    }

    @Override
    public void waiting(int messages) {
    }

    @Override
    public void ended(Ending ending, String draft) {
        switch (ending) {
            case Ending.Quit quit -> { }
            case Ending.Interrupted interrupted -> { }
            case Ending.Terminated terminated -> { }
            case Ending.NameRefused refused -> { }
            case Ending.ServerGone gone -> err.println(plain.error("disconnected: " + gone.how()));
            case Ending.Failed failed -> {
                err.println("chat-client-tui: internal error; please report it with this trace:");
                failed.cause().printStackTrace(err);
            }
        }
    }
}
