package org.netcatchat.server;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The synopsis, the description and the option list of {@code --help}, wrapped at spaces only (the synopsis
 * not at all). Picocli breaks lines where
 * {@link java.text.BreakIterator} allows, which is after a dot, a slash or a colon too: {@code privkey.pem} came
 * out as {@code privkey.} and {@code pem}, a URL as {@code http:} and {@code //host:2112/metrics}, so neither
 * could be copied. Here a word is never split (one longer than the column runs past it), and a no-break space
 * (U+00A0) in a description holds two words together ({@code 1 MiB}); it is printed as a plain space.
 * Stateless.
 */
final class HelpLayout {
    /** Where descriptions start, as picocli lays them out: two spaces, {@code -h, }, a long option of 20 and a gap. */
    private static final int DESCRIPTION_COLUMN = 29;
    /** Continuation lines of a description are indented two more, as picocli does. */
    private static final int CONTINUATION_COLUMN = DESCRIPTION_COLUMN + 2;
    private static final char NO_BREAK_SPACE = '\u00A0';

    private HelpLayout() {
    }

    /** Replaces picocli's description, parameter and option sections of {@code commandLine}'s usage help. */
    static void install(CommandLine commandLine) {
        var sections = commandLine.getHelpSectionMap();
        // The synopsis is a command to copy (under bin/chat-server a long path): never wrapped.
        sections.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS,
                help -> String.join(" ", help.commandSpec().usageMessage().customSynopsis()) + "\n");
        sections.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                help -> String.join("\n", wrap(String.join(" ", help.commandSpec().usageMessage().description()),
                        0, 0, width(help))) + "\n");
        sections.put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, help -> list(help.commandSpec().positionalParameters(), width(help)));
        sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> list(help.commandSpec().options(), width(help)));
    }

    private static int width(CommandLine.Help help) {
        return help.commandSpec().usageMessage().width();
    }

    private static String list(List<? extends ArgSpec> specs, int width) {
        StringBuilder out = new StringBuilder();
        for (ArgSpec spec : specs) {
            if (spec.hidden()) {
                continue;
            }
            String label = label(spec);
            List<String> lines = wrap(String.join(" ", spec.renderedDescription()), DESCRIPTION_COLUMN,
                    CONTINUATION_COLUMN, width);
            if (label.length() >= DESCRIPTION_COLUMN - 1) {
                out.append(label).append('\n').append(" ".repeat(DESCRIPTION_COLUMN)).append(lines.getFirst().strip());
            } else {
                out.append(label).append(lines.getFirst().substring(label.length()));
            }
            for (String line : lines.subList(1, lines.size())) {
                out.append('\n').append(line);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** {@code "      --bind=ADDR"}, {@code "  -h, --help"}, {@code "      [port]"}: picocli's own labels. */
    private static String label(ArgSpec spec) {
        if (spec instanceof OptionSpec option) {
            String shortName = option.shortestName().equals(option.longestName()) ? "    " : option.shortestName() + ", ";
            String value = option.arity().max() > 0 ? "=" + option.paramLabel() : "";
            return "  " + shortName + option.longestName() + value;
        }
        return "      " + (spec.arity().min() == 0 ? "[" + spec.paramLabel() + "]" : spec.paramLabel());
    }

    /**
     * {@code text} in lines of at most {@code width} characters, broken at spaces only: the first line starts at
     * column {@code first}, the others at {@code rest} (both padded with spaces), and a word longer than a line
     * gets a line of its own.
     */
    static List<String> wrap(String text, int first, int rest, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(" ".repeat(first));
        int start = first;
        for (String word : text.strip().split(" +")) {
            boolean empty = line.length() == start;
            if (!empty && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(" ".repeat(rest));
                start = rest;
                empty = true;
            }
            line.append(empty ? "" : " ").append(word.replace(NO_BREAK_SPACE, ' '));
        }
        lines.add(line.toString());
        return lines;
    }
}
