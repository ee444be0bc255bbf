package org.netcatchat.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who is online: the one line of a {@code list} reply, before its 0x00.
 *
 * <pre>
 * LIST 3 alice bob carol
 * LIST 10000 aaron abby ... zoe (and 9900 more)
 * </pre>
 *
 * The line starts with {@code LIST }, which no pushed line (they start with {@code [}), no error
 * ({@code ERR }) and no greeting line does. Then the number of members online, then at most
 * {@link #MAX_LISTED_NAMES} of their names separated by one space (a name holds no space and no
 * parenthesis), and, when not all are listed, {@code (and N more)}. So the line is bounded (at most
 * {@value #MAX_LISTED_NAMES} names of at most 32 characters: under 13 KB, about 1 KB in practice) whatever the
 * size of the room.
 */
public record Roster(int online, List<String> names) {
    /** A screenful of names; a person cannot read more at once, and the reply stays small. */
    public static final int MAX_LISTED_NAMES = 100;
    public static final String PREFIX = "LIST ";
    private static final String MORE = "(and ";

    public Roster {
        names = List.copyOf(names);
        if (online < names.size() || names.size() > MAX_LISTED_NAMES) {
            throw new IllegalArgumentException("listed " + names.size() + " names of " + online);
        }
        if (online > names.size() && names.size() < MAX_LISTED_NAMES) {
            throw new IllegalArgumentException("names left out while there was room for them");
        }
        for (String name : names) {
            if (name.isEmpty() || name.indexOf(' ') >= 0 || name.indexOf('(') >= 0) {
                throw new IllegalArgumentException("not a name: " + name);
            }
        }
    }

    /** How many members online are not in {@link #names()}. */
    public int unlisted() {
        return online - names.size();
    }

    /** The line, without its LF. */
    public String render() {
        StringBuilder line = new StringBuilder(PREFIX.length() + 8 + 12 * names.size()).append(PREFIX).append(online);
        for (String name : names) {
            line.append(' ').append(name);
        }
        if (unlisted() > 0) {
            line.append(' ').append(MORE).append(unlisted()).append(" more)");
        }
        return line.toString();
    }

    /** Reads a {@code LIST} line back; anything else is empty. */
    public static Optional<Roster> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] tokens = line.substring(PREFIX.length()).split(" ", -1);
        try {
            int online = Integer.parseInt(tokens[0]);
            List<String> names = new ArrayList<>();
            for (int i = 1; i < tokens.length && !tokens[i].startsWith("("); i++) {
                names.add(tokens[i]);
            }
            Roster roster = new Roster(online, names);
            return roster.render().equals(line) ? Optional.of(roster) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
