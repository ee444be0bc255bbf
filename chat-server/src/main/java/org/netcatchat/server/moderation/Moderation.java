package org.netcatchat.server.moderation;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.Reply;
import org.netcatchat.server.accounts.Accounts;
import org.netcatchat.server.address.AddressKey;
import org.netcatchat.server.chat.Answer;
import org.netcatchat.server.chat.Chat;
import org.netcatchat.server.chat.Member;
import org.netcatchat.server.chat.OtherNodes;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The operators' powers (issue 18): {@code kick} (with a ban), {@code mute}, {@code bans}, {@code unbn}, and the
 * checks they leave behind: a banned address at connect, a banned name at {@code name}, a muted member's
 * {@code text} and {@code tell}. Whether the sender is an operator is the session's to say (it proved the name);
 * an operator's command against another operator, or against itself, is refused (decided: no operator outranks
 * another; the server's configuration is where operators are made and unmade). Every action is logged with who
 * did it to whom and why, and counted, on the operator's server.
 *
 * <p>In a cluster the bans are in Redis ({@link Bans}), the mutes too ({@link SharedMutes}), and a kick or a mute of
 * someone attached to another node is an order to that node ({@link OtherNodes#order}), which this class also
 * carries out when another node sends one ({@link #carryOut}). Thread-safe; its own locks are leaves, and no chat
 * lock is held while it runs.
 */
public final class Moderation implements OtherNodes.Orders {
    private static final System.Logger LOG = System.getLogger(Moderation.class.getName());
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** An order's end when there is none: a kick without a ban. */
    private static final String NO_END = "-";

    private final Bans bans;
    /** Empty on a single server, whose memory ({@link #mutes}) is the whole chat's. */
    private final Optional<SharedMutes> sharedMutes;
    private final Accounts accounts;
    private final Chat chat;
    private final OtherNodes otherNodes;
    private final Mutes mutes;
    private final Clock clock;
    private final ServerEvents events;

    private Moderation(Bans bans, Optional<SharedMutes> sharedMutes, Accounts accounts, Chat chat,
                       OtherNodes otherNodes, Clock clock, ServerEvents events) {
        this.bans = bans;
        this.sharedMutes = sharedMutes;
        this.accounts = accounts;
        this.chat = chat;
        this.otherNodes = otherNodes;
        this.mutes = new Mutes(clock);
        this.clock = clock;
        this.events = events;
    }

    /** A single server's: the bans in {@code bansFile}, the operators of {@code accounts}. */
    public static Moderation open(Path bansFile, Accounts accounts, Chat chat, Clock clock, ServerEvents events)
            throws IOException {
        return new Moderation(BansFile.open(bansFile, clock), Optional.empty(), accounts, chat, OtherNodes.NONE, clock,
                events);
    }

    /** A cluster node's: bans and mutes shared through Redis, and the other nodes to hand orders to (and take theirs). */
    public static Moderation ofCluster(Bans bans, SharedMutes mutes, Accounts accounts, Chat chat, OtherNodes otherNodes,
                                       Clock clock, ServerEvents events) {
        Moderation moderation = new Moderation(bans, Optional.of(mutes), accounts, chat, otherNodes, clock, events);
        otherNodes.takeOrders(moderation);
        return moderation;
    }

    /** The line a connection from a banned address gets instead of the greeting, before it is closed. */
    public Optional<byte[]> refusalAtConnect(AddressKey address) {
        Optional<Ban> ban;
        try {
            ban = bans.ofAddress(address);
        } catch (IOException e) {
            // Let it in: its name is checked again at name, where nobody gets in while the bans cannot be read.
            LOG.log(System.Logger.Level.WARNING, "could not check whether {0} is banned: {1}", address, e.getMessage());
            return Optional.empty();
        }
        return ban.map(found -> ("Closing: your address is banned until " + shown(found.until()) + ".\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Why {@code name} may not be taken from {@code address}, if it is banned (the name, or the address). */
    public Optional<Reply.Error> refusesName(ChatName name, AddressKey address) {
        try {
            Optional<Ban> ofName = bans.ofName(name);
            if (ofName.isPresent()) {
                return Optional.of(new Reply.Error(Problem.BANNED, "banned: " + name + " is banned until "
                        + shown(ofName.get().until()) + by(ofName.get())));
            }
            return bans.ofAddress(address).map(ban -> new Reply.Error(Problem.BANNED,
                    "banned: your address is banned until " + shown(ban.until()) + by(ban)));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not check whether {0} or {1} is banned: {2}", name, address,
                    e.getMessage());
            return Optional.of(new Reply.Error(Problem.HISTORY_UNAVAILABLE, "bans unavailable: cannot check the bans"
                    + " now, try again later"));
        }
    }

    /**
     * After {@code member} took {@code name} (a join or a rename): in a cluster, the name's mute, if another node's
     * operator set one, applies here from now on, and a mute lifted elsewhere no longer does.
     */
    public void joined(Member member, ChatName name) {
        if (sharedMutes.isEmpty()) {
            return; // a single server's mutes are all in its memory already
        }
        try {
            Optional<Instant> until = sharedMutes.get().until(name);
            if (until.isPresent()) {
                mutes.mute(name, Optional.of(member.id()), until.get(), "");
            } else {
                mutes.lift(name, Optional.empty());
            }
        } catch (IOException e) {
            // Nothing it says reaches anyone while Redis does not answer: the next join looks again.
            LOG.log(System.Logger.Level.WARNING, "{0}: could not read the mute of {1}: {2}", member.label(), name,
                    e.getMessage());
        }
    }

    /** Whether anyone is muted (or was, until the next check sweeps it): when not, no {@code text} asks more. */
    public boolean anyMuted() {
        return mutes.any();
    }

    /** Why this member, known as {@code name}, may not say anything now, if it is muted. */
    public Optional<Reply.Error> refusesSpeech(Member member, ChatName name) {
        return mutes.until(member.id(), name).map(until -> new Reply.Error(Problem.MUTED,
                "muted: an operator muted you until " + shown(until) + "; nothing was sent"));
    }

    /**
     * An operator's command. {@code operator} is the sender's name when it proved an operator's name, else empty;
     * {@code who} names its connection in log lines.
     */
    public Answer handle(Optional<ChatName> operator, String who, Command.Moderation command) {
        if (operator.isEmpty()) {
            return refused(Problem.NOT_ALLOWED, "not allowed: only an operator may " + switch (command) {
                case Command.Kick kick -> "kick";
                case Command.Mute mute -> "mute";
                case Command.Bans list -> "list bans";
                case Command.Unban unban -> "lift bans";
            });
        }
        return switch (command) {
            case Command.Kick kick -> protectedOperator(kick.who()).orElseGet(() -> kick(operator.get(), who, kick));
            case Command.Mute mute -> protectedOperator(mute.who()).orElseGet(() -> mute(operator.get(), who, mute));
            case Command.Bans list -> bansListed();
            case Command.Unban unban -> unban(operator.get(), who, unban);
        };
    }

    private Answer kick(ChatName operator, String who, Command.Kick kick) {
        String reason = kick.reason().isEmpty() ? "" : ": " + kick.reason();
        Optional<Instant> until = kick.ban().map(length -> clock.instant().plus(length));
        if (until.isPresent()) { // the name first: whoever is kicked cannot come back under it meanwhile
            Ban name = new Ban(Ban.Kind.NAME, kick.who().display(), kick.who().key(), until.get(), operator.display(),
                    kick.reason());
            if (!saved(who, List.of(name))) {
                return refused(Problem.HISTORY_UNAVAILABLE, "bans unavailable: nobody was banned or kicked, try again later");
            }
        }
        Optional<Member> here = chat.memberNamed(kick.who());
        Optional<Optional<AddressKey>> removed; // empty: nobody of that name online; else its address, if known
        if (here.isPresent()) {
            removed = Optional.of(remove(here.get(), operator, kick.reason(), until));
        } else {
            try {
                removed = otherNodes.order(kick.who(), "kick " + until.map(Instant::toString).orElse(NO_END) + " "
                        + operator.display() + " " + kick.reason()).map(Moderation::addressOf);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "{0}: operator {1} could not kick {2} on its node: {3}", who,
                        operator, kick.who(), e.getMessage());
                return refused(Problem.HISTORY_UNAVAILABLE, "not kicked: the node of " + kick.who() + " did not answer"
                        + (until.isPresent() ? "; the name is banned all the same" : "") + ", try again later");
            }
        }
        if (removed.isEmpty() && until.isEmpty()) {
            return refused(Problem.NO_SUCH_PERSON, "nobody named " + kick.who() + " is online");
        }
        if (removed.isPresent()) {
            events.moderated("kick");
            LOG.log(System.Logger.Level.INFO, "{0}: operator {1} kicked {2}{3}{4}", who, operator, kick.who(),
                    here.map(member -> " (" + member.label() + ")").orElse(" (on another node)"), reason);
        }
        if (until.isPresent()) {
            Optional<AddressKey> address = removed.flatMap(known -> known);
            if (address.isPresent() && !saved(who, List.of(new Ban(Ban.Kind.ADDRESS, address.get().value(),
                    address.get().value(), until.get(), operator.display(), kick.reason())))) {
                return refused(Problem.HISTORY_UNAVAILABLE, "bans unavailable: " + kick.who() + " was kicked and"
                        + " the name banned, but not the address; try again later");
            }
            events.moderated("ban");
            LOG.log(System.Logger.Level.INFO, "{0}: operator {1} banned {2} until {3}{4}{5}", who, operator, kick.who(),
                    until.get(), address.map(key -> " with its address " + key.value()).orElse(""), reason);
        }
        return Answer.ACK;
    }

    /** Adds these bans; false (logged) when they could not be kept. */
    private boolean saved(String who, List<Ban> added) {
        try {
            bans.add(added);
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: could not save a ban: {1}", who, e.toString());
            return false;
        }
    }

    /** Tells the member who removed it and why, closes its connection, and returns its address, if known. */
    private Optional<AddressKey> remove(Member member, ChatName operator, String reason, Optional<Instant> until) {
        String why = reason.isEmpty() ? "" : ": " + reason;
        member.removedBecause("by " + operator + why);
        String line = "Closing: you were removed by " + operator + why + "."
                + until.map(time -> " You are banned until " + shown(time) + ".").orElse("") + "\n";
        member.outbox().offer(line.getBytes(StandardCharsets.UTF_8));
        member.outbox().close();
        return member.addressKey();
    }

    private Answer mute(ChatName operator, String who, Command.Mute mute) {
        Optional<Member> here = chat.memberNamed(mute.who());
        boolean lifting = mute.length().isZero();
        Instant until = clock.instant().plus(mute.length());
        boolean had = lifting && mutes.lift(mute.who(), here.map(Member::id));
        try {
            if (sharedMutes.isPresent()) {
                had |= lifting && sharedMutes.get().until(mute.who()).isPresent();
                if (lifting) {
                    sharedMutes.get().lift(mute.who());
                } else {
                    sharedMutes.get().mute(mute.who(), until, operator.display());
                }
            }
            if (here.isEmpty()) { // on another node, if anywhere: its node mutes it now, or lifts it
                had |= otherNodes.order(mute.who(), lifting ? "unmute " + operator.display()
                        : "mute " + until + " " + operator.display()).isPresent() && lifting;
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: operator {1} could not {2} {3} everywhere: {4}", who, operator,
                    lifting ? "unmute" : "mute", mute.who(), e.getMessage());
            return refused(Problem.HISTORY_UNAVAILABLE, "mutes unavailable: " + mute.who() + " may not be "
                    + (lifting ? "unmuted" : "muted") + " on every node; try again later");
        }
        if (lifting) {
            if (had) {
                events.moderated("unmute");
                LOG.log(System.Logger.Level.INFO, "{0}: operator {1} lifted the mute of {2}", who, operator, mute.who());
                here.ifPresent(member -> unmuted(member, operator));
            }
            return Answer.ACK;
        }
        if (here.isPresent()) {
            muted(here.get(), operator, until);
        } else { // by name only: when it joins here, it is muted
            mutes.mute(mute.who(), Optional.empty(), until, operator.display());
        }
        events.moderated("mute");
        LOG.log(System.Logger.Level.INFO, "{0}: operator {1} muted {2} until {3}{4}", who, operator, mute.who(), until,
                here.isEmpty() ? " (not online here)" : "");
        return Answer.ACK;
    }

    private void muted(Member member, ChatName operator, Instant until) {
        chat.nameOf(member).ifPresent(name -> mutes.mute(name, Optional.of(member.id()), until, operator.display()));
        tell(member, "an operator (" + operator + ") muted you until " + shown(until)
                + ": your messages are refused until then");
    }

    private void unmuted(Member member, ChatName operator) {
        chat.nameOf(member).ifPresent(name -> mutes.lift(name, Optional.of(member.id())));
        tell(member, "an operator (" + operator + ") lifted your mute: you may speak again");
    }

    /**
     * An order from another node's operator to the member of {@code connection}, attached here as {@code name}:
     * {@code kick UNTIL|- OPERATOR REASON} (answered with the member's address, or -), {@code mute UNTIL OPERATOR},
     * {@code unmute OPERATOR}. The ordering node counts and logs the action; this one logs what it did.
     */
    @Override
    public Optional<String> carryOut(long connection, ChatName name, String order) {
        Optional<Member> member = chat.memberNamed(name).filter(found -> found.id() == connection);
        String[] parts = order.split(" ", 4);
        if (member.isEmpty() || parts.length < 2 || !(ChatName.parse(parts[parts.length == 2 ? 1 : 2])
                instanceof ChatName.Result.Valid(ChatName operator))) {
            return Optional.empty();
        }
        LOG.log(System.Logger.Level.INFO, "{0}: {1} by operator {2} of another node", member.get().label(), parts[0],
                operator);
        return switch (parts[0]) {
            case "kick" -> Optional.of(remove(member.get(), operator, parts.length == 4 ? parts[3] : "",
                    NO_END.equals(parts[1]) ? Optional.empty() : Optional.of(Instant.parse(parts[1])))
                    .map(AddressKey::value).orElse(NO_END));
            case "mute" -> {
                muted(member.get(), operator, Instant.parse(parts[1]));
                yield Optional.of("");
            }
            case "unmute" -> {
                unmuted(member.get(), operator);
                yield Optional.of("");
            }
            default -> Optional.empty();
        };
    }

    private static Optional<AddressKey> addressOf(String answer) {
        return NO_END.equals(answer) || answer.isEmpty() ? Optional.empty() : Optional.of(new AddressKey(answer));
    }

    private Answer bansListed() {
        StringBuilder lines = new StringBuilder();
        List<Ban> all;
        try {
            all = bans.list();
        } catch (IOException e) {
            return refused(Problem.HISTORY_UNAVAILABLE, "bans unavailable: try again later");
        }
        for (Ban ban : all) {
            lines.append("BAN ").append(ban.kind() == Ban.Kind.NAME ? "name " : "address ").append(ban.target())
                    .append(" until ").append(shown(ban.until())).append(" by ").append(ban.by())
                    .append(ban.reason().isEmpty() ? "" : ": " + ban.reason()).append('\n');
        }
        return lines.isEmpty() ? Answer.ACK
                : new Answer.WithBody(new Outgoing.Line(lines.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private Answer unban(ChatName operator, String who, Command.Unban unban) {
        List<Ban> lifted;
        try {
            lifted = bans.lift(unban.target());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: could not save the bans: {1}", who, e.toString());
            return refused(Problem.HISTORY_UNAVAILABLE, "bans unavailable: no ban was lifted, try again later");
        }
        if (lifted.isEmpty()) {
            return refused(Problem.BAD_ARGUMENT, "no ban of " + unban.target() + ": bans lists them");
        }
        events.moderated("unban");
        LOG.log(System.Logger.Level.INFO, "{0}: operator {1} lifted {2} ban(s) of {3}", who, operator, lifted.size(),
                unban.target());
        return Answer.ACK;
    }

    /** Decided: an operator cannot kick, ban or mute an operator (itself included). */
    private Optional<Answer> protectedOperator(ChatName target) {
        return accounts.isOperator(target) ? Optional.of(refused(Problem.NOT_ALLOWED, "not allowed: " + target + " is an operator;"
                + " operators cannot kick, ban or mute one another")) : Optional.empty();
    }

    /** A notice to the member alone, now: never in the history. */
    private void tell(Member member, String text) {
        member.outbox().offer((new PushedLine.Notice(LocalDateTime.now(clock), text).render() + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String by(Ban ban) {
        return " by " + ban.by() + (ban.reason().isEmpty() ? "" : ": " + ban.reason());
    }

    private String shown(Instant instant) {
        return SHOWN.format(instant.atZone(clock.getZone())) + " " + clock.getZone().getId();
    }

    private static Answer refused(Problem problem, String reason) {
        return Answer.error(new Reply.Error(problem, reason));
    }
}
