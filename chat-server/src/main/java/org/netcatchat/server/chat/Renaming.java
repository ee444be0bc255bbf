package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.PushedLine;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code name} from a member who has joined: the new name is taken (or, for another spelling of the same name,
 * respelled), the member renamed in the chat, and the notice appended; the old name is let go when that notice
 * is delivered ({@link HeldNames}), so the member holds a name throughout. On a failure at any step, what was
 * taken is given back and nothing is appended. Stateless.
 */
final class Renaming {
    private static final System.Logger LOG = System.getLogger(Renaming.class.getName());

    private Renaming() {
    }

    static Answer rename(Chat chat, Member member, ChatName old, ChatName name) {
        if (old.display().equals(name.display())) {
            return Answer.ACK;
        }
        HeldNames names = chat.names();
        boolean sameKey = old.key().equals(name.key());
        try {
            if (!(sameKey ? names.respell(member.id(), old, name) : names.take(member.id(), name))) {
                return Answer.error(Chat.nameTaken(name));
            }
        } catch (IOException e) {
            return Chat.unavailable("the name was not changed, try again later");
        }
        Optional<ChatName> had = chat.members().rename(member.id(), name);
        if (had.isEmpty()) {
            // It left meanwhile (dropped): its leave let go of what it held then, which may not have included this.
            names.releaseAllBut(member.id(), Optional.empty());
            return Answer.ACK; // its queue is closed: nothing reaches it any more
        }
        chat.rooms().ifPresent(rooms -> rooms.renamed(member.id(), name));
        long position;
        try {
            position = chat.log().append(Log.Entry.about(Log.Kind.RENAME,
                    () -> PushedLine.Notice.renamed(chat.now(), old, name), member.id()));
        } catch (Log.NotConfirmed e) {
            // Redis took the XADD and did not answer: the notice may be in the log, and delivered, so the rename
            // stands (undoing it could contradict a notice everyone read). The old name is let go when the notice
            // comes back, or when the member leaves if it never does.
            LOG.log(System.Logger.Level.WARNING, "{0} ({1}): renamed to {2}, but the log did not confirm the notice"
                    + " ({3}); the others may not have been told", member.label(), old, name, e.getMessage());
            return Answer.ACK;
        } catch (IOException e) {
            chat.members().renameUndone(member.id(), name, old);
            chat.rooms().ifPresent(rooms -> rooms.renamed(member.id(), old));
            giveBack(names, member, old, name, sameKey);
            return Chat.unavailable("the name was not changed, try again later");
        }
        chat.members().appended(member.id(), position);
        LOG.log(System.Logger.Level.INFO, "{0} ({1}): renamed to {2}", member.label(), old, name);
        return Answer.ACK;
    }

    private static void giveBack(HeldNames names, Member member, ChatName old, ChatName name, boolean sameKey) {
        if (!sameKey) {
            names.release(member.id(), name);
            return;
        }
        try {
            names.respell(member.id(), name, old);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: could not spell its name back as {1} ({2})", member.label(), old,
                    e.toString());
        }
    }
}
