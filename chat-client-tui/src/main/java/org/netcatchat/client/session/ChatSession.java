package org.netcatchat.client.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.netcatchat.client.connection.Answer;
import org.netcatchat.client.connection.CannotConnect;
import org.netcatchat.client.connection.Closure;
import org.netcatchat.client.connection.Connection;
import org.netcatchat.client.connection.Dial;
import org.netcatchat.client.input.Input;
import org.netcatchat.client.input.InputInterpreter;
import org.netcatchat.client.window.WindowName;
import org.netcatchat.client.window.Windows;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Password;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.RoomName;

/**
 * One chat session, written once for every front end: joining, what each line the user types does, what
 * each server reply means ({@link Inbound}), reconnecting when the connection drops, and leaving the way the
 * {@link Ending} calls for. How it looks is the {@link FrontEnd}'s business (the terminal screen, or a
 * script's stdout and stderr).
 *
 * <p>Reconnect (when a {@link Dial} is given): a connection that drops after the user joined, without
 * {@code /quit}, is not the end. The session says so, waits ({@link Backoff}: 1 s doubling to 30 s, with
 * jitter), dials again, sends {@code hist N}, then {@code name} with the same name, then {@code list}, and
 * shows exactly the lines missed ({@link CatchUp}); then it joins every room it was in again, and shows what was
 * missed in each ({@link RoomJoin}). Lines typed meanwhile wait and are sent once rejoined. Private conversations
 * are kept nowhere on the server: their windows just go on.
 * Leaving (Ctrl+C, Ctrl+D, /quit, SIGTERM) while it waits ends the session at once.
 *
 * <p>Threads: {@link #joinAs}, {@link #type} and {@link #leave} are called by the front end's input thread;
 * each connection's reader thread calls the front end through its {@link Inbound}; the reconnect loop runs on
 * a virtual thread of its own. Anything that ends the session goes through the {@link SessionEnd}.
 * {@link #lock} guards the current connection, the reconnecting flag, the lines waiting for it and the lines
 * seen last (the lobby's and each room's); the {@link Windows} guard themselves, and are never called under it; nothing is called while holding it but collection methods and {@link Connection#close}. It is also
 * the monitor that {@link #leave} waits on until every sent message's answer has been seen.
 */
public final class ChatSession {
    /** After this long without an answer to {@code name}, say why we wait (the server may be full). */
    private static final Duration ADMISSION_NOTICE = Duration.ofSeconds(2);
    /** On a signal, leave fast: the shutdown hook waits only so long. */
    private static final Duration SIGNAL_GRACE = Duration.ofSeconds(2);
    /**
     * Once the connection is closed every message has its answer; leaving waits at most this long for the thread
     * that sent one to have seen it, so "not sent" comes before the session's last word, never after it.
     */
    private static final Duration ANSWERS_SEEN_GRACE = Duration.ofSeconds(2);
    /** How far back a rejoin looks for the lines missed: about 100 KB, a long outage of a busy room. */
    static final int CATCH_UP_LINES = 1000;
    /**
     * How long a reconnect goes on trying a name the server says is taken. After a crash of the server it was on,
     * a cluster keeps the name leased to the dead connection for up to 15 s (docs/CLUSTER.md): that is no reason to
     * end the session. Past this, someone else really has the name.
     */
    static final Duration NAME_HELD_WAIT = Duration.ofSeconds(45);
    /**
     * While the name is held, the backoff stops growing at its third step (4 s, give or take its jitter): the
     * server answers, and the lease frees the name at a moment of its own, which a wait doubling to 8 and 16 s
     * would overshoot by up to 10 s. About as many tries as before (1, 2, 4, 4, 4 s rather than 1, 2, 4, 8, 16 s).
     */
    static final int NAME_HELD_MAX_ATTEMPT = 2;

    private final Optional<Dial> redial;
    private final Backoff backoff;
    private final FrontEnd front;
    private final SessionEnd end;
    private final Duration quitGrace;
    private final InputInterpreter interpreter = new InputInterpreter();
    private final Object lock = new Object();
    /** Guarded by lock. */
    private Connection connection;
    /** A reconnect loop is running. Guarded by lock. */
    private boolean reconnecting;
    /** Reconnect thread only: since when the server has said our name is taken; empty while it has not. */
    private Optional<Long> nameTakenSince = Optional.empty();
    /** Lines typed while reconnecting, in order, sent once rejoined. Guarded by lock. */
    private final Deque<Command> waiting = new ArrayDeque<>();
    /** The last pushed lines shown, as sent, oldest first; at most {@link CatchUp#WINDOW}. Guarded by lock. */
    private final Deque<String> lastSeen = new ArrayDeque<>();
    /** The last pushed lines shown of each room joined, as {@link #lastSeen} for the lobby. Guarded by lock. */
    private final Map<RoomName, Deque<String>> lastSeenIn = new HashMap<>();
    private final Presence presence = new Presence();
    /** The windows: which is in front decides where a typed line goes; the rooms among them are the rooms joined. */
    private final Windows windows = new Windows();
    /**
     * Messages handed to a connection whose answer has not been seen yet: shown as a count while it is not zero.
     * Counted before the message goes out; {@link #lock} is notified each time it falls.
     */
    private final AtomicInteger unanswered = new AtomicInteger();
    /** The user's name once a {@code name} was ACKed. Written by reader threads. */
    private volatile Optional<ChatName> me = Optional.empty();
    /** The password {@link #me} was proved with, for a reconnect; empty for a guest's name. */
    private volatile Optional<Password> password = Optional.empty();
    /** What the server said as it closed the connection for an operator (kick, ban): then there is no reconnect. */
    private volatile Optional<String> removal = Optional.empty();

    /**
     * @param first     the connection to chat on, not started yet
     * @param redial    how to connect again after the connection drops; empty: a drop ends the session
     * @param quitGrace how long leaving waits for the server to close after {@code quit}, so queued lines arrive
     */
    public ChatSession(Connection first, Optional<Dial> redial, Backoff backoff, FrontEnd front, SessionEnd end,
            Duration quitGrace) {
        this.connection = Objects.requireNonNull(first, "first");
        this.redial = Objects.requireNonNull(redial, "redial");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.front = Objects.requireNonNull(front, "front");
        this.end = Objects.requireNonNull(end, "end");
        this.quitGrace = Objects.requireNonNull(quitGrace, "quitGrace");
    }

    /** Starts reading what the server sends on the first connection. */
    public void start() {
        start(current(), Optional.empty(), List.of());
    }

    public String peer() {
        return current().peer();
    }

    public Optional<ChatName> me() {
        return me;
    }

    /** The windows: what the status line shows, and where typed lines go. */
    public Windows windows() {
        return windows;
    }

    /** Who is online, for name completion. */
    public Presence presence() {
        return presence;
    }

    /**
     * Sends {@code name} and waits for its answer, saying after a while why we wait.
     *
     * @return the answer, or empty when the session ended first (Ctrl+C, server gone, SIGTERM)
     */
    public Optional<Answer> joinAs(ChatName name) {
        return joinAs(name, Optional.empty());
    }

    /**
     * {@link #joinAs(ChatName)} with the password of a registered name; once it is accepted it is kept (in memory
     * only) so that a reconnect can prove the name again.
     */
    public Optional<Answer> joinAs(ChatName name, Optional<Password> password) {
        Optional<Answer> answer = await(current().send(new Command.Name(name, password)));
        if (answer.isPresent() && answer.get() instanceof Answer.Ok) {
            this.password = password;
        }
        answer.ifPresent(got -> {
            if (got instanceof Answer.Unanswered unanswered) {
                front.problem("not sent: " + unanswered.reason());
            }
        });
        return answer;
    }

    /**
     * What the user typed (several lines only where a paste arrives as keys): each line is a message or a command.
     * Waits while the connection's queue is full, so fast input is slowed down rather than dropped.
     *
     * @throws InterruptedException when the session ends while waiting
     */
    public void type(String typed) throws InterruptedException {
        actAll(interpreter.interpretAll(typed, windows.front()));
    }

    /**
     * A line that holds pasted text (a bracketed paste): every line of it is a message, none is a command
     * ({@link InputInterpreter#interpretPasted}). Waits for room as {@link #type} does.
     *
     * @throws InterruptedException when the session ends while waiting
     */
    public void paste(String pasted) throws InterruptedException {
        actAll(interpreter.interpretPasted(pasted, windows.front()));
    }

    private void actAll(List<Input> inputs) throws InterruptedException {
        for (Input input : inputs) {
            if (end.isEnded()) {
                return;
            }
            act(input);
        }
    }

    /**
     * Waits for the session's end, leaves the chat the way it calls for (politely with {@code quit} when the
     * user or a signal chose to go; at once when the server is gone or on a bug), and has the front end say why.
     *
     * @param draft what the user had typed and not sent, shown as not sent when the ending loses it
     */
    public Ending leave(String draft) {
        Ending ending = end.ending().join();
        Thread.interrupted(); // the wake-up interrupt has done its job; the waits below must not see it
        switch (ending) {
            case Ending.Quit quit -> quitPolitely(quitGrace);
            case Ending.Interrupted interrupted -> quitPolitely(SIGNAL_GRACE);
            case Ending.Terminated terminated -> quitPolitely(SIGNAL_GRACE);
            case Ending.NameRefused refused -> quitPolitely(SIGNAL_GRACE);
            case Ending.ServerGone gone -> current().close();
            case Ending.Failed failed -> current().close();
        }
        awaitAnswersSeen();
        List<Command> unsent;
        synchronized (lock) {
            unsent = List.copyOf(waiting);
            waiting.clear();
        }
        for (Command command : unsent) {
            InputInterpreter.said(command).ifPresent(message -> front.problem("not sent: " + message));
        }
        front.ended(ending, draft);
        return ending;
    }

    /** Closes at once, without a word to the server: for a failure before the session could start. */
    public void abort() {
        current().close();
    }

    private void act(Input input) throws InterruptedException {
        switch (input) {
            case Input.Send send -> send(send.command());
            case Input.Help help -> front.help();
            case Input.Quit quit -> end.end(new Ending.Quit());
            case Input.Mistake mistake -> front.problem(mistake.explanation());
            case Input.Select select -> {
                if (windows.select(select.number())) {
                    front.windows(windows.snapshot());
                } else {
                    front.problem("no window " + select.number() + "; the status line shows the windows open");
                }
            }
            case Input.Show show -> {
                windows.open(show.window(), true);
                front.windows(windows.snapshot());
            }
            case Input.Close close -> {
                windows.close(close.window());
                front.windows(windows.snapshot());
            }
            case Input.Nothing nothing -> {
            }
        }
    }

    /** Key bindings: the next window to front (Ctrl+N), or the previous one (Ctrl+P). */
    public void nextWindow(boolean forward) {
        if (forward) {
            windows.next();
        } else {
            windows.previous();
        }
        front.windows(windows.snapshot());
    }

    /** Key bindings: window {@code number} to front (Alt+1..9); a number with no window does nothing. */
    public void selectWindow(int number) {
        if (windows.select(number)) {
            front.windows(windows.snapshot());
        }
    }

    private void send(Command command) throws InterruptedException {
        if (command instanceof Command.TellPerson tell) { // /msg bob hi: the conversation comes to front
            windows.open(new WindowName.Conversation(tell.to()), true);
            front.windows(windows.snapshot());
        }
        if (command instanceof Command.Join join && windows.rooms().contains(join.room())) {
            // Already in it (or rejoining it): /join #dev brings its window to front, as /join #lobby does, instead
            // of the server's "already in #dev".
            windows.open(new WindowName.Room(join.room()), true);
            front.windows(windows.snapshot());
            return;
        }
        Connection now;
        synchronized (lock) {
            if (reconnecting) {
                waiting.add(command);
                front.note("Not connected: " + waiting.size() + (waiting.size() == 1 ? " line waits" : " lines wait")
                        + " to be sent when the connection is back.");
                return;
            }
            now = connection;
        }
        if (command instanceof Command.Hist || command instanceof Command.RoomHist) {
            front.historyBegins();
        }
        if (InputInterpreter.said(command).isPresent()) {
            // Counted before it goes out: the server may answer, or close, before sendWaitingForRoom returns.
            front.waiting(unanswered.incrementAndGet());
            CompletableFuture<Answer> answer;
            try {
                answer = now.sendWaitingForRoom(command);
            } catch (InterruptedException e) {
                answerSeen();
                throw e;
            }
            follow(now, command, answer);
        } else if (now.sendWaitingForRoom(command).getNow(Answer.OK) instanceof Answer.Unanswered refused
                && !end.isEnded()) {
            front.problem("not sent: " + refused.reason());
        }
    }

    /**
     * Sees a message through: refused as over the rate limit, it is sent again (the connection's pace then
     * waits for a fresh token); never answered (the connection ended, or the user left before it went out),
     * it is shown as not sent. Runs where the answer completes: the reader thread, or the one that ended it.
     */
    private void follow(Connection on, Command message, CompletableFuture<Answer> answer) {
        answer.thenAccept(got -> {
            if (got instanceof Answer.Refused refused && Inbound.isRateLimit(message, refused.reason())) {
                on.rateLimited();
                follow(on, message, on.send(message));
                return;
            }
            if (got instanceof Answer.Unanswered) {
                front.problem("not sent: " + InputInterpreter.said(message).orElseThrow());
            }
            answerSeen();
        });
    }

    private void answerSeen() {
        front.waiting(unanswered.decrementAndGet());
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /**
     * Waits until every message sent has had its answer seen (its "not sent" shown, if it was not), at most
     * {@link #ANSWERS_SEEN_GRACE}: called once the connection is closed, when every answer is complete and only
     * the sending thread may still be on its way to see one.
     */
    private void awaitAnswersSeen() {
        long deadline = System.nanoTime() + ANSWERS_SEEN_GRACE.toNanos();
        synchronized (lock) {
            while (unanswered.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** @param rejoining the rooms this connection joins again, whose join replays are caught up with */
    private void start(Connection which, Optional<CatchUp> catchUp, List<RoomName> rejoining) {
        which.start(new Inbound(this, which, front, catchUp, rejoining));
        which.closed().thenAccept(closure -> connectionEnded(which, closure));
    }

    private Connection current() {
        synchronized (lock) {
            return connection;
        }
    }

    void named(ChatName name) {
        me = Optional.of(name);
    }

    /**
     * A pushed line was shown to the user: remembered, to find the place again after a reconnect, among the
     * lobby's lines or its room's. A private line is in no history: nothing to find again.
     */
    void seen(PushedLine line) {
        synchronized (lock) {
            switch (line) {
                case PushedLine.Message message -> remember(lastSeen, line);
                case PushedLine.Notice notice -> remember(lastSeen, line);
                case PushedLine.RoomMessage message ->
                        remember(lastSeenIn.computeIfAbsent(message.room(), r -> new ArrayDeque<>()), line);
                case PushedLine.RoomNotice notice ->
                        remember(lastSeenIn.computeIfAbsent(notice.room(), r -> new ArrayDeque<>()), line);
                case PushedLine.Private message -> {
                }
            }
        }
    }

    private static void remember(Deque<String> seen, PushedLine line) {
        seen.addLast(line.render());
        if (seen.size() > CatchUp.WINDOW) {
            seen.removeFirst();
        }
    }

    /** The last lines the user saw in {@code room}, oldest first: where its catch-up starts. */
    List<String> seenIn(RoomName room) {
        synchronized (lock) {
            return List.copyOf(lastSeenIn.getOrDefault(room, new ArrayDeque<>()));
        }
    }

    /** Registers the name in use with {@code password}, or changes its password ({@code pass}). */
    public void sendPassword(Password password) throws InterruptedException {
        send(new Command.Pass(password));
    }

    /** The server closed the connection for an operator, with this line: the session ends rather than reconnects. */
    void removed(String line) {
        removal = Optional.of(line);
    }

    /** Left {@code room}: nothing of it to find again. */
    void forget(RoomName room) {
        synchronized (lock) {
            lastSeenIn.remove(room);
        }
    }

    private void connectionEnded(Connection which, Closure closure) {
        Optional<Ending> ending = Ending.after(closure);
        if (ending.isEmpty()) {
            return; // closed here: whoever closed it knows why
        }
        boolean retry;
        synchronized (lock) {
            if (which != connection || reconnecting) {
                return; // an old connection, or the reconnect loop will see this one's end itself
            }
            retry = redial.isPresent() && me.isPresent() && ending.get() instanceof Ending.ServerGone
                    && !(closure instanceof Closure.NotChat) && !end.isEnded() && removal.isEmpty();
            reconnecting = retry;
        }
        if (!retry) {
            end.end(removal.isPresent() && ending.get() instanceof Ending.ServerGone
                    ? new Ending.ServerGone("an operator removed you from the chat") : ending.get());
            return;
        }
        front.problem("disconnected: " + ((Ending.ServerGone) ending.get()).how());
        Thread.ofVirtual().name("client-reconnect").start(this::reconnect);
    }

    /** The reconnect loop: until rejoined or the session ends. */
    private void reconnect() {
        try {
            for (int attempt = 0; !end.isEnded(); attempt++) {
                Duration wait = backoff.delay(nameTakenSince.isPresent() ? Math.min(attempt, NAME_HELD_MAX_ATTEMPT) : attempt);
                front.note(String.format(Locale.ROOT, "Reconnecting in %.1f s; Ctrl+C or Ctrl+D leaves.", wait.toMillis() / 1000.0));
                if (endsWithin(wait)) {
                    return;
                }
                Connection next;
                try {
                    next = redial.orElseThrow().open();
                } catch (CannotConnect e) {
                    front.note("Cannot reconnect yet: " + e.getMessage());
                    continue;
                }
                if (rejoin(next)) {
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            end.end(new Ending.Failed(e));
        }
    }

    /** @return true when done (rejoined, or the session is over); false to try again */
    private boolean rejoin(Connection next) {
        CatchUp catchUp;
        synchronized (lock) {
            if (end.isEnded()) {
                next.close();
                return true;
            }
            connection = next;
            catchUp = new CatchUp(List.copyOf(lastSeen));
        }
        List<RoomName> rooms = windows.rooms(); // the user cannot part meanwhile: a /part waits with the rest
        start(next, Optional.of(catchUp), rooms);
        next.send(Command.Hist.last(CATCH_UP_LINES)); // before name: its reply holds history lines only
        Optional<Answer> answer = await(next.send(new Command.Name(me.orElseThrow(), password)));
        if (answer.isEmpty()) {
            return true;
        }
        switch (answer.get()) {
            case Answer.Ok ok -> {
                nameTakenSince = Optional.empty();
                // Before the lines that waited: one of them may be for a room, which must be joined first.
                for (RoomName room : rooms) {
                    next.send(new Command.Join(room));
                }
                List<Command> queued;
                synchronized (lock) {
                    reconnecting = false;
                    queued = List.copyOf(waiting);
                    waiting.clear();
                }
                for (Command command : queued) {
                    next.send(command);
                }
                if (next.closed().isDone()) {
                    connectionEnded(next, next.closed().join()); // it dropped while we were not looking
                }
                return true;
            }
            case Answer.Refused refused -> {
                if (mayStillBeOurs(refused)) {
                    front.note("Reconnected, but the name " + me.orElseThrow() + " is still held by the connection that"
                            + " dropped (after a crash a cluster frees it within 15 s): trying again; Ctrl+C or Ctrl+D"
                            + " leaves.");
                    next.close();
                    return false;
                }
                end.end(new Ending.ServerGone("reconnected, but the server refused the name: " + refused.reason()));
                return true;
            }
            case Answer.Unanswered unanswered -> {
                next.close();
                return false;
            }
        }
    }

    /**
     * Whether a refused name may be our own, still held for the connection that dropped: "name taken", for at most
     * {@link #NAME_HELD_WAIT} since the server first said so in this reconnect.
     */
    private boolean mayStillBeOurs(Answer.Refused refused) {
        if (!refused.reason().startsWith("name taken")) {
            return false;
        }
        long now = System.nanoTime();
        long since = nameTakenSince.orElse(now);
        nameTakenSince = Optional.of(since);
        return now - since < NAME_HELD_WAIT.toNanos();
    }

    /** Waits for {@code answer}; empty when the session ended first. Says why after a while. */
    private Optional<Answer> await(CompletableFuture<Answer> answer) {
        CompletableFuture<Object> either = CompletableFuture.anyOf(answer, end.ending());
        try {
            try {
                either.get(ADMISSION_NOTICE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                front.note("Waiting for the server to let us in (it may be full); Ctrl+C gives up.");
                either.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the session is ending: whoever interrupted us says why
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("answers never complete exceptionally", e);
        }
        if (!answer.isDone() || end.isEnded()) {
            return Optional.empty();
        }
        return Optional.of(answer.join());
    }

    /** Waits {@code wait} unless the session ends first; true when it ended. */
    private boolean endsWithin(Duration wait) {
        try {
            end.ending().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException e) {
            throw new IllegalStateException("endings never complete exceptionally", e);
        }
    }

    private void quitPolitely(Duration grace) {
        try {
            current().quit(grace);
        } catch (InterruptedException e) {
            current().close();
            Thread.currentThread().interrupt();
        }
    }
}
