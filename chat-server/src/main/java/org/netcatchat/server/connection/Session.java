package org.netcatchat.server.connection;

import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Frame;
import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.Reply;
import org.netcatchat.server.address.Budget;
import org.netcatchat.server.room.Member;
import org.netcatchat.server.room.Chat;

/**
 * One connection's side of the protocol: turns each frame into a room operation or an error reply.
 * Not thread-safe: used by the connection's reader only.
 */
final class Session {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());
    private static final Reply.Error RATE_LIMITED = new Reply.Error(Problem.RATE_LIMITED, "rate limited");
    private static final Reply.Error NAMES_LIMITED = new Reply.Error(Problem.RATE_LIMITED,
            "rate limited: too many names from your address, try again in a minute");

    private final Member member;
    private final Chat room;
    /** The address's flood limit and name budget, shared with its other connections. */
    private final Budget budget;
    /** The name this connection last joined or renamed to, for log lines; empty until it joins. */
    private String name = "";

    Session(Member member, Chat room, Budget budget) {
        this.member = member;
        this.room = room;
        this.budget = budget;
    }

    /** @return false once the client has quit: nothing after {@code quit} is read */
    boolean handle(Frame frame) {
        if (frame instanceof Command.Quit) {
            return false; // always honoured, even over the rate limit
        }
        Reply reply;
        if (!budget.takeFrame()) {
            reply = reject(RATE_LIMITED);
        } else {
            reply = switch (frame) {
                // Every name costs, taken or not: joins and renames each push a notice to everyone.
                case Command.Name command -> budget.takeName()
                        ? named(command, room.name(member, command.name())) : reject(NAMES_LIMITED);
                case Command.Text command -> room.say(member, command);
                case Command.Hist command -> room.history(member, command);
                case Command.List command -> room.list(member);
                case Command.Quit ignored -> Reply.ACK;
                case Frame.Malformed malformed -> reject(malformed.reply());
            };
        }
        return true;
    }

    boolean joined() {
        return !name.isEmpty();
    }

    String name() {
        return name;
    }

    private Reply named(Command.Name command, Reply reply) {
        if (reply instanceof Reply.Ack) {
            String newName = command.name().display();
            if (name.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "{0}: joined as {1}", member.label(), newName);
            } else if (!name.equals(newName)) {
                LOG.log(System.Logger.Level.INFO, "{0} ({1}): renamed to {2}", member.label(), name, newName);
            }
            name = newName;
        }
        return reply;
    }

    private Reply reject(Reply.Error error) {
        return member.reply(error);
    }
}
