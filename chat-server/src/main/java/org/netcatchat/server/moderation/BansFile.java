package org.netcatchat.server.moderation;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.server.accounts.LineFile;
import org.netcatchat.server.address.AddressKey;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A single server's bans, kept in {@code bans.txt} beside the history so they survive a restart; a ban past its time is
 * no ban, and is left out of the file at its next write. Thread-safe: {@code this} guards the list and serialises the
 * file's writes (a small file and an fsync, done holding it so file and list never disagree; only operators wait on
 * it). No chat lock is held with it.
 */
public final class BansFile implements Bans {
    private static final String HEADER = "netcat-chat bans: name|address TARGET UNTIL OPERATOR [REASON], one a line;"
            + " written by the server, replaced whole";

    private final LineFile file;
    private final InstantSource clock;
    /** Guarded by this. */
    private final List<Ban> bans;

    private BansFile(LineFile file, InstantSource clock, List<Ban> bans) {
        this.file = file;
        this.clock = clock;
        this.bans = bans;
    }

    /** Reads {@code path}; a line that is no ban stops the start (skipping it would quietly lift that ban). */
    public static BansFile open(Path path, InstantSource clock) throws IOException {
        LineFile file = new LineFile(path);
        List<Ban> bans = new ArrayList<>();
        int number = 0;
        for (String line : file.read()) {
            number++;
            Optional<Ban> ban = Ban.parse(line);
            if (ban.isEmpty()) {
                throw new IOException(file.path() + ": ban " + number + " is not 'name|address TARGET UNTIL OPERATOR"
                        + " [REASON]'; fix or remove that line");
            }
            bans.add(ban.get());
        }
        return new BansFile(file, clock, bans);
    }

    @Override
    public synchronized Optional<Ban> ofName(ChatName name) {
        return inForce(Ban.Kind.NAME, name.key());
    }

    @Override
    public synchronized Optional<Ban> ofAddress(AddressKey address) {
        return inForce(Ban.Kind.ADDRESS, address.value());
    }

    @Override
    public synchronized List<Ban> list() {
        return bans.stream().filter(ban -> ban.until().isAfter(clock.instant()))
                .sorted(Comparator.comparing(Ban::until)).toList();
    }

    @Override
    public synchronized void add(List<Ban> added) throws IOException {
        List<Ban> next = new ArrayList<>(bans);
        next.addAll(added);
        save(next);
    }

    @Override
    public synchronized List<Ban> lift(String target) throws IOException {
        List<Ban> lifted = list().stream().filter(ban -> ban.isOf(target)).toList();
        if (!lifted.isEmpty()) {
            List<Ban> next = new ArrayList<>(bans);
            next.removeAll(lifted);
            save(next);
        }
        return lifted;
    }

    /** Guarded by this. */
    private void save(List<Ban> next) throws IOException {
        List<Ban> current = next.stream().filter(ban -> ban.until().isAfter(clock.instant())).toList();
        file.write(HEADER, current.stream().map(Ban::line).toList());
        bans.clear();
        bans.addAll(current);
    }

    /** Guarded by this. */
    private Optional<Ban> inForce(Ban.Kind kind, String key) {
        return bans.stream().filter(ban -> ban.kind() == kind && ban.key().equals(key)
                && ban.until().isAfter(clock.instant())).max(Comparator.comparing(Ban::until));
    }
}
