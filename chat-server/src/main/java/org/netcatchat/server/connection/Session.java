package org.netcatchat.server.connection;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Frame;
import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.Reply;
import org.netcatchat.server.accounts.SignIn;
import org.netcatchat.server.address.Budget;
import org.netcatchat.server.chat.Answer;
import org.netcatchat.server.chat.Chat;
import org.netcatchat.server.chat.Member;
import org.netcatchat.server.moderation.Moderation;

import java.util.Optional;

/**
 * One connection's side of the protocol: turns each frame into the chat's answer (or a refusal of its own: the
 * rate limits, a malformed line), and hands that answer to the one place that queues and counts replies.
 * Not thread-safe: used by the connection's reader only.
 */
final class Session {
    private static final Answer RATE_LIMITED = Answer.error(new Reply.Error(Problem.RATE_LIMITED, "rate limited"));
    private static final Answer NAMES_LIMITED = Answer.error(new Reply.Error(Problem.RATE_LIMITED,
            "rate limited: too many names from your address, try again in a minute"));

    private final Member member;
    private final Chat chat;
    /** The address's flood limit and name budget, shared with its other connections. */
    private final Budget budget;
    /** The owned names: what a {@code name} must prove, and {@code pass}. */
    private final SignIn signIn;
    private final SignIn.Transport transport;
    /** The operators' commands, and the bans and mutes they leave. */
    private final Moderation moderation;
    /** Whether a {@code name} has succeeded: from then on the idle timeout applies, not the login deadline. */
    private boolean joined;
    /** The key of the registered name this connection proved (with its password, or by registering it). */
    private Optional<String> proven = Optional.empty();

    Session(Member member, Chat chat, Budget budget, SignIn signIn, SignIn.Transport transport, Moderation moderation) {
        this.member = member;
        this.chat = chat;
        this.budget = budget;
        this.signIn = signIn;
        this.transport = transport;
        this.moderation = moderation;
    }

    /** @return false once the client has quit: nothing after {@code quit} is read */
    boolean handle(Frame frame) {
        if (frame instanceof Command.Quit) {
            return false; // always honoured, even over the rate limit
        }
        Answer answer = budget.takeFrame() ? answer(frame) : RATE_LIMITED;
        if (frame instanceof Command.Name && answer.succeeded()) {
            joined = true;
        }
        chat.replies().queue(member, answer);
        return true;
    }

    boolean joined() {
        return joined;
    }

    private Answer answer(Frame frame) {
        return switch (frame) {
            // Every name costs, taken or not: joins and renames each push a notice to everyone.
            case Command.Name command -> budget.takeName() ? name(command) : NAMES_LIMITED;
            case Command.Text command -> unlessMuted().orElseGet(() -> chat.say(member, command));
            case Command.Hist command -> chat.history(member, command);
            case Command.List command -> chat.list(member);
            case Command.Quit ignored -> Answer.ACK; // handled above: never reaches here
            case Frame.Malformed malformed -> Answer.error(malformed.reply());
            case Command.Join command -> chat.conversations().join(member, command.room(), budget::takeRoomOpening);
            case Command.Part command -> chat.conversations().part(member, command.room());
            case Command.TellRoom command -> unlessMuted().orElseGet(() -> chat.conversations().say(member, command));
            case Command.TellPerson command -> unlessMuted().orElseGet(() -> chat.conversations().tell(member, command));
            case Command.Rooms ignored -> chat.conversations().rooms();
            case Command.RoomList command -> chat.conversations().list(command);
            case Command.RoomHist command -> chat.conversations().history(member, command);
            case Command.Pass command -> pass(command);
            case Command.Moderation command -> moderation.handle(operator(), member.label(), command);
        };
    }

    /**
     * A registered name is proved (the hash is computed here, on this connection's thread, holding no chat lock)
     * before the chat is asked for it; an unregistered one without a password goes straight to the chat, as in
     * version 1.
     */
    private Answer name(Command.Name command) {
        Optional<Reply.Error> banned = moderation.refusesName(command.name(), budget.address());
        if (banned.isPresent()) {
            return Answer.error(banned.get());
        }
        return switch (signIn.prove(member.label(), command.name(), command.password(), budget.address(), transport)) {
            case SignIn.Proof.Refused refused -> Answer.error(refused.error());
            case SignIn.Proof.Guest guest -> took(command.name(), chat.name(member, command.name()));
            case SignIn.Proof.Owner owner -> {
                Answer answer = took(command.name(), chat.name(member, command.name()));
                if (answer.succeeded()) {
                    proven = Optional.of(command.name().key());
                }
                yield answer;
            }
        };
    }

    /** The answer to a {@code name}; once it succeeded, the name's mute from another node applies here too. */
    private Answer took(ChatName name, Answer answer) {
        if (answer.succeeded()) {
            moderation.joined(member, name);
        }
        return answer;
    }

    /** The refusal of a muted member's {@code text} or {@code tell}; empty when it may speak (or has not joined). */
    private Optional<Answer> unlessMuted() {
        if (!moderation.anyMuted()) {
            return Optional.empty(); // the usual case costs no look at the members
        }
        return chat.nameOf(member).flatMap(name -> moderation.refusesSpeech(member, name)).map(Answer::error);
    }

    /** The operator's name this connection proved and still uses, if any. */
    private Optional<ChatName> operator() {
        return chat.nameOf(member).filter(name -> proven.equals(Optional.of(name.key())))
                .filter(signIn.accounts()::isOperator);
    }

    /** {@code pass}: for the name this connection has joined under. */
    private Answer pass(Command.Pass command) {
        Optional<ChatName> name = chat.nameOf(member);
        if (name.isEmpty()) {
            return Answer.error(new Reply.Error(Problem.NOT_JOINED,
                    "join first: send name followed by your name, then pass followed by a password for it"));
        }
        boolean provenHere = proven.equals(Optional.of(name.get().key()));
        Reply reply = signIn.register(member.label(), name.get(), provenHere, command.password(), transport);
        if (reply instanceof Reply.Ack) {
            proven = Optional.of(name.get().key());
        }
        return new Answer.Now(reply);
    }
}
