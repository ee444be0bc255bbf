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
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.Outgoing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operators' powers (issue 18): {@code kick} (with a ban), {@code mute}, {@code bans}, {@code unbn}, and the
 * checks they leave behind: a banned address at connect, a banned name at {@code name}, a muted member's
 * {@code text} and {@code tell}. Whether the sender is an operator is the session's to say (it proved the name);
 * an operator's command against another operator, or against itself, is refused (decided: no operator outranks
 * another; the server's configuration is where operators are made and unmade). Every action is logged with who
 * did it to whom and why, and counted. Thread-safe; its own locks ({@link Bans}') are leaves, and no chat lock is
 * held while it runs.
 */
public final class Moderation {
    private static final System.Logger LOG = System.getLogger(Moderation.class.getName());
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Reply.Error NOT_ON_A_CLUSTER = new Reply.Error(Problem.NOT_SERVED, "not served: operators"
            + " are not served on a cluster yet");

    /** Empty on a cluster node, where nothing here is served yet. */
    private final Optional<Bans> bans;
    private final Optional<Accounts> accounts;
    private final Mutes mutes;
    private final Clock clock;
    private final ServerEvents events;

    private Moderation(Optional<Bans> bans, Optional<Accounts> accounts, Clock clock, ServerEvents events) {
        this.bans = bans;
        this.accounts = accounts;
        this.mutes = new Mutes(clock);
        this.clock = clock;
        this.events = events;
    }

    /** A single server's: the bans in {@code bansFile}, the operators of {@code accounts}. */
    public static Moderation open(Path bansFile, Accounts accounts, Clock clock, ServerEvents events) throws IOException {
        return new Moderation(Optional.of(Bans.open(bansFile, clock)), Optional.of(accounts), clock, events);
    }

    /** A cluster node's: no bans, no mutes, and every operator's command is {@code ERR not served}. */
    public static Moderation ofClusterNode(Clock clock, ServerEvents events) {
        return new Moderation(Optional.empty(), Optional.empty(), clock, events);
    }

    /** The line a connection from a banned address gets instead of the greeting, before it is closed. */
    public Optional<byte[]> refusalAtConnect(AddressKey address) {
        return bans.flatMap(all -> all.ofAddress(address)).map(ban -> ("Closing: your address is banned until "
                + shown(ban.until()) + ".\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Why {@code name} may not be taken from {@code address}, if it is banned (the name, or the address). */
    public Optional<Reply.Error> refusesName(ChatName name, AddressKey address) {
        if (bans.isEmpty()) {
            return Optional.empty();
        }
        return bans.get().ofName(name).map(ban -> new Reply.Error(Problem.BANNED, "banned: " + name
                        + " is banned until " + shown(ban.until()) + by(ban)))
                .or(() -> bans.get().ofAddress(address).map(ban -> new Reply.Error(Problem.BANNED,
                        "banned: your address is banned until " + shown(ban.until()) + by(ban))));
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
    public Answer handle(Optional<ChatName> operator, String who, Command.Moderation command, Chat chat) {
        if (bans.isEmpty()) {
            return Answer.error(NOT_ON_A_CLUSTER);
        }
        if (operator.isEmpty()) {
            return refused(Problem.NOT_ALLOWED, "not allowed: only an operator may " + switch (command) {
                case Command.Kick kick -> "kick";
                case Command.Mute mute -> "mute";
                case Command.Bans list -> "list bans";
                case Command.Unban unban -> "lift bans";
            });
        }
        return switch (command) {
            case Command.Kick kick -> protectedOperator(kick.who()).orElseGet(() -> kick(operator.get(), who, kick, chat));
            case Command.Mute mute -> protectedOperator(mute.who()).orElseGet(() -> mute(operator.get(), who, mute, chat));
            case Command.Bans list -> bansListed();
            case Command.Unban unban -> unban(operator.get(), who, unban);
        };
    }

    private Answer kick(ChatName operator, String who, Command.Kick kick, Chat chat) {
        Optional<Member> target = chat.memberNamed(kick.who());
        if (target.isEmpty() && kick.ban().isEmpty()) {
            return refused(Problem.NO_SUCH_PERSON, "nobody named " + kick.who() + " is online");
        }
        String reason = kick.reason().isEmpty() ? "" : ": " + kick.reason();
        Optional<Instant> until = kick.ban().map(length -> clock.instant().plus(length));
        if (until.isPresent()) {
            List<Ban> added = new ArrayList<>();
            added.add(new Ban(Ban.Kind.NAME, kick.who().display(), kick.who().key(), until.get(), operator.display(),
                    kick.reason()));
            target.flatMap(Member::addressKey).ifPresent(address -> added.add(new Ban(Ban.Kind.ADDRESS, address.value(),
                    address.value(), until.get(), operator.display(), kick.reason())));
            try {
                bans.get().add(added);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "{0}: could not save the bans in bans.txt: {1}", who, e.toString());
                return refused(Problem.HISTORY_UNAVAILABLE, "bans unavailable: nobody was banned or kicked, try again later");
            }
            events.moderated("ban");
            LOG.log(System.Logger.Level.INFO, "{0}: operator {1} banned {2} until {3}{4}{5}", who, operator, kick.who(),
                    until.get(), added.size() > 1 ? " with its address " + added.get(1).target() : "", reason);
        }
        if (target.isPresent()) {
            Member member = target.get();
            member.removedBecause("by " + operator + reason);
            String line = "Closing: you were removed by " + operator + reason + "."
                    + until.map(time -> " You are banned until " + shown(time) + ".").orElse("") + "\n";
            member.outbox().offer(line.getBytes(StandardCharsets.UTF_8));
            member.outbox().close();
            events.moderated("kick");
            LOG.log(System.Logger.Level.INFO, "{0}: operator {1} kicked {2} ({3}){4}", who, operator, kick.who(),
                    member.label(), reason);
        }
        return Answer.ACK;
    }

    private Answer mute(ChatName operator, String who, Command.Mute mute, Chat chat) {
        Optional<Member> target = chat.memberNamed(mute.who());
        if (mute.length().isZero()) {
            boolean had = mutes.lift(mute.who(), target.map(Member::id));
            if (had) {
                events.moderated("unmute");
                LOG.log(System.Logger.Level.INFO, "{0}: operator {1} lifted the mute of {2}", who, operator, mute.who());
                target.ifPresent(member -> tell(member, "an operator (" + operator + ") lifted your mute: you may speak again"));
            }
            return Answer.ACK;
        }
        Instant until = clock.instant().plus(mute.length());
        mutes.mute(mute.who(), target.map(Member::id), until, operator.display());
        events.moderated("mute");
        LOG.log(System.Logger.Level.INFO, "{0}: operator {1} muted {2} until {3}{4}", who, operator, mute.who(), until,
                target.isEmpty() ? " (not online)" : "");
        target.ifPresent(member -> tell(member, "an operator (" + operator + ") muted you until " + shown(until)
                + ": your messages are refused until then"));
        return Answer.ACK;
    }

    private Answer bansListed() {
        StringBuilder lines = new StringBuilder();
        for (Ban ban : bans.get().list()) {
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
            lifted = bans.get().lift(unban.target());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: could not save the bans in bans.txt: {1}", who, e.toString());
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
        boolean operator = accounts.flatMap(all -> all.find(target)).map(Accounts.Account::operator).orElse(false);
        return operator ? Optional.of(refused(Problem.NOT_ALLOWED, "not allowed: " + target + " is an operator;"
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
