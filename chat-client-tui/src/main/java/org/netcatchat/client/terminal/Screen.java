package org.netcatchat.client.terminal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.MaskingCallback;
import org.jline.reader.Widget;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.InfoCmp.Capability;
import java.util.List;
import java.util.function.Supplier;

/**
 * The system terminal and the line editor on it: an input line at the bottom, everything else printed above
 * it, so what the user is typing is never overwritten ({@link LineReader#printAbove}).
 *
 * <p>Thread-safe: {@link #show} and {@link #changePrompt} may be called from any thread (they take the line
 * reader's lock); {@link #readLine} from the one input thread. {@link #close} restores the terminal's
 * settings exactly as they were when {@link #open} was called, once, whoever calls it first.
 *
 * <p>Signals: JLine's native signal handling is on, so Ctrl+C during {@code readLine} arrives as a
 * {@code UserInterruptException}. Outside {@code readLine}, JLine would otherwise hand SIGINT back to the OS
 * default, which kills the JVM without running shutdown hooks; {@link #onInterrupt} installs a handler
 * for that time instead.
 */
final class Screen implements AutoCloseable {
    /** Enough to scroll back through a long session; the file keeps as many ({@link InputHistory}). */
    private static final int HISTORY_SIZE = 1000;

    private final Terminal terminal;
    private final LineReader reader;
    private final Optional<TtySettings> saved;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The line being read holds pasted text. Input thread only (JLine calls widgets on the readLine thread). */
    private boolean pasted;
    /**
     * The prompt of the chat line being read, asked again once the read has begun ({@link #refreshPromptAtStart}):
     * null outside {@link #readLine(Supplier)}. Set by the input thread.
     */
    private volatile Supplier<AttributedString> livePrompt;
    /** Who can be completed with Tab; set once the session exists. */
    private volatile Supplier<List<String>> names = List::of;
    /** Which rooms can be completed with Tab; set once the session exists. */
    private volatile Supplier<List<String>> rooms = List::of;
    /** What the window keys do; set once the chat begins. */
    private volatile WindowKeys keys = new WindowKeys() {
        @Override
        public void select(int number) {
        }

        @Override
        public void next(boolean forward) {
        }
    };

    /** What Alt+1..9, Ctrl+N and Ctrl+P do. Called on the input thread, inside the line being read. */
    interface WindowKeys {
        void select(int number);

        void next(boolean forward);
    }

    private Screen(Terminal terminal, Optional<TtySettings> saved, Optional<Path> historyFile) {
        this.terminal = terminal;
        this.saved = saved;
        this.reader = lineReader(terminal, new NameCompleter(() -> names.get(), () -> rooms.get()), historyFile);
        notePastes(reader);
        refreshPromptAtStart(reader);
        bindWindowKeys(reader);
    }

    /**
     * Alt+1..9 (ESC and the digit, as terminals send Alt) select a window, Ctrl+N and Ctrl+P the next and previous
     * one; they were JLine's digit-argument and history keys, which Up and Down still are.
     */
    private void bindWindowKeys(LineReader reader) {
        org.jline.keymap.KeyMap<org.jline.reader.Binding> main = reader.getKeyMaps().get(LineReader.MAIN);
        for (int n = 1; n <= 9; n++) {
            int number = n;
            main.bind((Widget) () -> {
                keys.select(number);
                return true;
            }, org.jline.keymap.KeyMap.alt((char) ('0' + n)));
        }
        main.bind((Widget) () -> {
            keys.next(true);
            return true;
        }, org.jline.keymap.KeyMap.ctrl('N'));
        main.bind((Widget) () -> {
            keys.next(false);
            return true;
        }, org.jline.keymap.KeyMap.ctrl('P'));
    }

    /**
     * JLine turns on bracketed paste (the terminal wraps a paste in ESC [200~ ... ESC [201~) and its
     * {@code begin-paste} widget inserts the pasted text, line ends and all, into the line being edited;
     * wrapped here to remember that the line now holds pasted text ({@link Line#pasted}).
     */
    /**
     * A prompt change that arrives between two reads (the ACK of {@code /name} while the last line is still being
     * handled) finds no read to redraw, and the next read may already hold the old prompt, computed a moment
     * before. So at the start of every chat-line read, after JLine counts it as reading (from then on
     * {@link #changePrompt} redraws it), its {@code callback-init} widget asks for the prompt again.
     */
    private void refreshPromptAtStart(LineReader reader) {
        Widget previous = reader.getWidgets().get(LineReader.CALLBACK_INIT);
        reader.getWidgets().put(LineReader.CALLBACK_INIT, () -> {
            Supplier<AttributedString> prompt = livePrompt;
            if (prompt != null && reader instanceof LineReaderImpl impl) {
                impl.setPrompt(prompt.get().toAnsi(terminal));
            }
            return previous == null || previous.apply();
        });
    }

    private void notePastes(LineReader reader) {
        Widget paste = reader.getWidgets().get(LineReader.BEGIN_PASTE);
        if (paste == null) {
            return; // no bracketed paste: a paste arrives as typed keys, each line ended by its Enter
        }
        reader.getWidgets().put(LineReader.BEGIN_PASTE, () -> {
            pasted = true;
            return paste.apply();
        });
    }

    /**
     * Opens the system terminal; never a dumb one (the caller checked that stdin and stdout are terminals).
     *
     * @throws IOException or IllegalStateException when no system terminal can be had
     */
    static Screen open(Optional<Path> historyFile) throws IOException {
        Optional<TtySettings> saved = TtySettings.save();
        // JLine takes each stream's encoding from stdin.encoding and stdout.encoding, which Java sets from the locale.
        Charset charset = encoding(System.getProperty("stdout.encoding", System.getProperty("native.encoding", "")));
        Terminal terminal = TerminalBuilder.builder()
                .name("netcat-chat")
                .system(true)
                .dumb(false)
                .nativeSignals(true)
                .encoding(charset)
                .stdinEncoding(charset)
                .stdoutEncoding(charset)
                .stderrEncoding(charset)
                .build();
        try {
            // Raw for as long as the screen is open, not only inside each readLine: between two readLines
            // (the name sent, the chat prompt not yet up) a cooked terminal would swallow Ctrl+D as its own
            // end-of-file and the key would be lost. Raw, it waits as a byte for the next readLine, like text.
            // Ctrl+C still raises SIGINT (ISIG stays on). close() puts the saved settings back.
            terminal.enterRawMode();
            return new Screen(terminal, saved, historyFile.filter(InputHistory::prepare));
        } catch (RuntimeException e) {
            terminal.close();
            saved.ifPresent(TtySettings::restore);
            throw e;
        }
    }

    /**
     * The terminal's encoding: the locale's, except that a C or POSIX locale (US-ASCII, as Java reads it) gets
     * UTF-8. That locale is what a bare container, a cron job or {@code ssh} without {@code LANG} leaves, in front
     * of a terminal that shows UTF-8 nearly always; taken at its word it would print every non-ASCII character,
     * the client's own markers too, as {@code ?}. A locale that names another charset (ISO-8859-1) is kept.
     */
    static Charset encoding(String nativeEncoding) {
        Charset locale;
        try {
            locale = Charset.forName(nativeEncoding);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
        return locale.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : locale;
    }

    private static LineReader lineReader(Terminal terminal, NameCompleter completer, Optional<Path> historyFile) {
        // A chat line is not a shell command: quotes and backslashes are text, never a reason to wait
        // for more input on a second line.
        DefaultParser parser = new DefaultParser();
        parser.setQuoteChars(new char[0]);
        parser.setEscapeChars(new char[0]);
        parser.setEofOnUnclosedQuote(false);
        parser.setEofOnEscapedNewLine(false);
        LineReaderBuilder builder = LineReaderBuilder.builder();
        // Kept across sessions when there is a file: JLine loads it now and appends each line as it is entered.
        historyFile.ifPresent(file -> builder.variable(LineReader.HISTORY_FILE, file)
                .variable(LineReader.HISTORY_FILE_SIZE, InputHistory.MAX_LINES));
        // A /pass line never holds the password (it is asked for apart), but one typed with it must not be kept.
        builder.variable(LineReader.HISTORY_IGNORE, "/pass*:/PASS*:/Pass*");
        return builder
                .terminal(terminal)
                .appName("netcat-chat")
                .parser(parser)
                .completer(completer)
                .variable(LineReader.HISTORY_SIZE, HISTORY_SIZE)
                // "!!" and "!3" in a message are text, not history expansions.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                // The sent line disappears; the server's echo of it (styled as the user's own) replaces it.
                .option(LineReader.Option.ERASE_LINE_ON_FINISH, true)
                .build();
    }

    /** Tab completes these names from now on. */
    void completeNames(Supplier<List<String>> online) {
        names = online;
    }

    /** Tab completes these rooms from now on. */
    void completeRooms(Supplier<List<String>> known) {
        rooms = known;
    }

    /** The window keys do this from now on. */
    void onWindowKeys(WindowKeys handler) {
        keys = handler;
    }

    /** Rings the terminal's bell (BEL), once. */
    void bell() {
        if (!closed.get()) {
            terminal.puts(Capability.bell);
            terminal.flush();
        }
    }

    /** Colours the terminal says it has (0 when it says nothing). */
    int colours() {
        Integer colours = terminal.getNumericCapability(Capability.max_colors);
        return colours == null ? 0 : colours;
    }

    /** Runs {@code handler} on Ctrl+C while no {@code readLine} is in progress (JLine swaps in its own during one). */
    void onInterrupt(Runnable handler) {
        terminal.handle(Terminal.Signal.INT, signal -> handler.run());
    }

    /**
     * Reads one line.
     *
     * @throws org.jline.reader.UserInterruptException on Ctrl+C, or when another thread interrupts this one
     * @throws org.jline.reader.EndOfFileException on Ctrl+D at an empty line
     */
    Line readLine(Supplier<AttributedString> prompt) {
        pasted = false;
        livePrompt = prompt;
        try {
            String text = reader.readLine(prompt.get().toAnsi(terminal));
            return new Line(text, pasted);
        } finally {
            livePrompt = null;
        }
    }

    /** A line the user entered; {@code pasted}: some of it came from a (bracketed) paste. */
    record Line(String text, boolean pasted) {
    }

    /** Reads one line that starts as {@code prefill}, kept out of the input history (for the name prompt). */
    String readLine(AttributedString prompt, String prefill) {
        reader.setVariable(LineReader.DISABLE_HISTORY, true);
        try {
            return reader.readLine(prompt.toAnsi(terminal), null, (MaskingCallback) null, prefill);
        } finally {
            reader.setVariable(LineReader.DISABLE_HISTORY, false);
        }
    }

    /**
     * Reads a password: nothing is echoed (JLine's NUL mask), and the line is kept out of the input history and its
     * file. @throws org.jline.reader.UserInterruptException on Ctrl+C, EndOfFileException on Ctrl+D
     */
    String readSecret(AttributedString prompt) {
        reader.setVariable(LineReader.DISABLE_HISTORY, true);
        try {
            return reader.readLine(prompt.toAnsi(terminal), Character.valueOf((char) 0));
        } finally {
            reader.setVariable(LineReader.DISABLE_HISTORY, false);
        }
    }

    /** Prints {@code line} (one or more lines) above the input line. */
    void show(AttributedString line) {
        if (!closed.get()) {
            reader.printAbove(line);
        }
    }

    /** Clears the screen and prints {@code lines} above the input line: another window came to front. */
    void redraw(List<AttributedString> lines) {
        if (closed.get()) {
            return;
        }
        if (reader.isReading()) {
            try {
                reader.callWidget(LineReader.CLEAR_SCREEN);
            } catch (IllegalStateException e) {
                terminal.puts(Capability.clear_screen); // readLine ended in between
            }
        } else {
            terminal.puts(Capability.clear_screen);
        }
        terminal.flush();
        if (!lines.isEmpty()) {
            reader.printAbove(AttributedString.join(new AttributedString("\n"), lines));
        }
    }

    /**
     * Replaces the prompt of the {@code readLine} in progress, if any (the next one takes its own anyway). Redisplayed,
     * not redrawn: JLine's {@code redraw-line} forgets what is on the screen, so a status line that got shorter
     * ({@code 1 #lobby (1)  [2 #dev]} becoming {@code [1 #lobby]  2 #dev}) kept the old one's tail; a redisplay
     * compares the new lines with those on the screen and clears what is left of each.
     */
    void changePrompt(AttributedString prompt) {
        if (closed.get() || !(reader instanceof LineReaderImpl impl) || !reader.isReading()) {
            return;
        }
        impl.setPrompt(prompt.toAnsi(terminal));
        try {
            reader.callWidget(LineReader.REDISPLAY);
        } catch (IllegalStateException e) {
            // readLine ended in between: the next one draws its own prompt
        }
    }

    /**
     * Restores the terminal's settings and signal handlers: JLine's restore, then the exact one
     * ({@link TtySettings}). Idempotent; never throws.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                terminal.writer().flush();
                terminal.close();
            } catch (IOException | RuntimeException | Error e) {
                // the terminal is gone (hang-up), or the heap is (OutOfMemoryError): the exact restore must still run
            } finally {
                saved.ifPresent(TtySettings::restore);
            }
        }
    }
}
