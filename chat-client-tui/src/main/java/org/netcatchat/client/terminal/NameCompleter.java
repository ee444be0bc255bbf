package org.netcatchat.client.terminal;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.netcatchat.client.input.InputInterpreter;

/**
 * Tab: a {@code /command} at the start of the line; a room after {@code /join } or {@code /part }, or for a
 * word that starts with {@code #}; otherwise the name of someone online. A name at the start of the line
 * completes as {@code name: } (addressing that person, as in IRC); elsewhere as {@code name }.
 * Thread-safe: the names and rooms are asked for on each Tab.
 */
final class NameCompleter implements Completer {
    private final Supplier<List<String>> names;
    private final Supplier<List<String>> rooms;

    NameCompleter(Supplier<List<String>> names, Supplier<List<String>> rooms) {
        this.names = Objects.requireNonNull(names, "names");
        this.rooms = Objects.requireNonNull(rooms, "rooms");
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        boolean first = line.wordIndex() == 0;
        if (first && line.word().startsWith("/")) {
            InputInterpreter.COMMANDS.forEach(command -> candidates.add(new Candidate(command)));
            return;
        }
        boolean afterRoomCommand = line.wordIndex() == 1
                && List.of("/join", "/part").contains(line.words().getFirst().toLowerCase(java.util.Locale.ROOT));
        if (afterRoomCommand || line.word().startsWith("#")) {
            rooms.get().forEach(room -> candidates.add(new Candidate(room, room, null, null, null, null, true)));
            return;
        }
        for (String name : names.get()) {
            String value = first ? name + ":" : name;
            candidates.add(new Candidate(value, name, null, null, null, null, true));
        }
    }
}
