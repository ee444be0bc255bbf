package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.Reply;
import org.netcatchat.protocol.RoomName;
import org.netcatchat.server.outbox.HistorySlice;
import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The commands of protocol version 2: the named rooms ({@link Rooms}) and private messages. Every one but
 * {@code room} and {@code list#room} needs a name first, as {@code text} does. A private message goes to the
 * receiver's queue and the sender's, the same line, and into no log: it is stored nowhere. Where rooms are not
 * served (a chat made for the lobby alone, in tests and benchmarks), each of these commands gets one clear
 * {@code ERR}. On a cluster, a private message to someone on another node goes through {@link OtherNodes}, which
 * hands it to that node ({@link #tellHere}). Thread-safe.
 */
public final class Conversations {
    private static final System.Logger LOG = System.getLogger(Conversations.class.getName());
    private static final Answer NOT_SERVED = Answer.error(new Reply.Error(Problem.UNKNOWN_COMMAND,
            "rooms and private messages are not served here: this chat speaks protocol version 1"
                    + " (name, text, hist, list, quit)"));
    private static final Answer ALREADY_IN_LOBBY = Answer.error(new Reply.Error(Problem.ALREADY_IN_ROOM,
            "already in " + RoomName.LOBBY));

    private final Chat chat;
    private final Optional<Rooms> rooms;

    Conversations(Chat chat, Optional<Rooms> rooms) {
        this.chat = chat;
        this.rooms = rooms;
    }

    /** {@code join#room}; {@code mayOpen} spends the address's room-creation budget, asked only to open a room. */
    public Answer join(Member member, RoomName room, BooleanSupplier mayOpen) {
        return named(member, (named, as) -> room.isLobby() ? ALREADY_IN_LOBBY : named.join(member, as, room, mayOpen));
    }

    public Answer part(Member member, RoomName room) {
        return named(member, (named, as) -> named.part(member, room));
    }

    /** {@code tell#room message}. */
    public Answer say(Member member, Command.TellRoom tell) {
        return named(member, (named, as) -> named.say(member, as, tell.room(), tell.message()));
    }

    public Answer history(Member member, Command.RoomHist hist) {
        return named(member, (named, as) -> named.history(member, hist.room(),
                hist.lastLines().orElse(HistorySlice.ALL_LINES)));
    }

    /** {@code list#room}: allowed before joining too. */
    public Answer list(Command.RoomList list) {
        return rooms.map(named -> named.list(list.room())).orElse(NOT_SERVED);
    }

    /** {@code room}: allowed before joining too. */
    public Answer rooms() {
        if (rooms.isEmpty()) {
            return NOT_SERVED;
        }
        try {
            return rooms.get().list(chat.names().roster().online()); // the lobby is everyone online, on every node
        } catch (IOException e) {
            return Chat.unavailable("try again later");
        }
    }

    /**
     * {@code tell NAME message}: to that person, here or on another node, echoed to the sender; ACKed once queued
     * for both.
     */
    public Answer tell(Member member, Command.TellPerson tell) {
        return named(member, (named, as) -> {
            Function<ChatName, Outgoing.Line> line = receiver -> new Outgoing.Line(Chat.encode(
                    new PushedLine.Private(chat.now(), as.display(), receiver.display(), tell.message())));
            return switch (chat.members().tell(member.id(), tell.to(), line)) {
                case Members.Told.Queued() -> sent();
                case Members.Told.Nobody() -> tellElsewhere(member, tell.to(), line);
                case Members.Told.Overflowed(Membership receiver) -> {
                    dropped(receiver);
                    yield nobodyNamed(tell.to());
                }
            };
        });
    }

    /**
     * Another node's member sent a private line to this server's member {@code connection}, known as {@code to}:
     * queued to it alone. @return whether it was (false: it has left, or is known by another name now)
     */
    public boolean tellHere(long connection, ChatName to, Outgoing.Line line) {
        return switch (chat.members().tellHere(connection, to, line)) {
            case Members.Told.Queued() -> true;
            case Members.Told.Nobody() -> false;
            case Members.Told.Overflowed(Membership receiver) -> {
                dropped(receiver);
                yield false;
            }
        };
    }

    /** Nobody of that name is attached here: perhaps on another node, which then queues it. */
    private Answer tellElsewhere(Member member, ChatName to, Function<ChatName, Outgoing.Line> line) {
        Optional<Outgoing.Line> queued;
        try {
            queued = chat.otherNodes().tell(to, line);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: a private message to {1} was not sent: {2}", member.label(), to,
                    e.getMessage());
            return Chat.unavailable("the private message was not sent, try again later");
        }
        if (queued.isEmpty()) {
            return nobodyNamed(to);
        }
        chat.members().echo(member.id(), queued.get());
        return sent();
    }

    private Answer sent() {
        chat.events().privateMessageSent();
        return Answer.ACK;
    }

    /** A receiver whose queue a private line overflowed: removed already, its drop is published now. */
    private void dropped(Membership receiver) {
        chat.events().left(); // its connection counts the overflow itself
        LOG.log(System.Logger.Level.WARNING, "{0} ({1}): disconnected, outbound queue overflowed by a private message",
                receiver.member.label(), receiver.name);
        chat.publishLeave(receiver.member, receiver.name, true);
    }

    /** A command that needs the sender's name: refused where rooms are not served, during a stop, before a name. */
    private Answer named(Member member, BiFunction<Rooms, ChatName, Answer> command) {
        if (rooms.isEmpty()) {
            return NOT_SERVED;
        }
        Members.Speaker speaker = chat.members().speaker(member.id());
        if (speaker.closed()) {
            return Answer.error(Chat.shuttingDown());
        }
        if (speaker.name().isEmpty()) {
            return Answer.error(Chat.NOT_JOINED);
        }
        return command.apply(rooms.get(), speaker.name().get());
    }

    private static Answer nobodyNamed(ChatName name) {
        return Answer.error(new Reply.Error(Problem.NO_SUCH_PERSON, "nobody named " + name + " is online"));
    }
}
