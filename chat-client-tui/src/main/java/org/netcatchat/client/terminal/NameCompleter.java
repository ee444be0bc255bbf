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
 * Tab: a {@code /command} at the start of the line, otherwise the name of someone online. A name at the start
 * of the line completes as {@code name: } (addressing that person, as in IRC); elsewhere as {@code name }.
 * Thread-safe: the names are asked for on each Tab.
 */
final class NameCompleter implements Completer {
    private final Supplier<List<String>> names;

    NameCompleter(Supplier<List<String>> names) {
        this.names = Objects.requireNonNull(names, "names");
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        boolean first = line.wordIndex() == 0;
        if (first && line.word().startsWith("/")) {
            InputInterpreter.COMMANDS.forEach(command -> candidates.add(new Candidate(command)));
            return;
        }
        for (String name : names.get()) {
            String value = first ? name + ":" : name;
            candidates.add(new Candidate(value, name, null, null, null, null, true));
        }
    }
}
