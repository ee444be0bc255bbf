package org.netcatchat.bench.soak;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks made once the load has stopped, over the history file and the server's log. Each failure is
 * a violation in the ledger, described well enough to find the lines. Stateless.
 */
final class Invariants {
    private static final Pattern MESSAGE = Pattern.compile("^\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\]\\[[^\\]]*\\]:(.*)$");

    private Invariants() {
    }

    /** Every ACKed message is in the history exactly once; no message the soak sent is there twice. */
    static void messagesOnceEach(List<String> history, Set<String> sent, Set<String> acked, Ledger ledger) {
        Map<String, Integer> count = new HashMap<>();
        for (String line : history) {
            Matcher m = MESSAGE.matcher(line);
            if (m.matches() && sent.contains(m.group(1))) {
                count.merge(m.group(1), 1, Integer::sum);
            }
        }
        for (String token : acked) {
            int n = count.getOrDefault(token, 0);
            if (n != 1) {
                ledger.violation("ACKed message \"" + token + "\" is in the history " + n + " times");
            }
        }
        for (String token : sent) {
            int n = count.getOrDefault(token, 0);
            if (n > 1 && !acked.contains(token)) {
                ledger.violation("message \"" + token + "\" (not ACKed) is in the history " + n + " times");
            }
        }
    }

    /**
     * Each well-behaved session saw exactly a slice of the history: its replay (the lines before its join
     * notice), its join notice, then every line after it, in order, nothing missing or doubled, up to the
     * last line it read before its quit was answered by the close.
     */
    static void viewsAreSlicesOfHistory(List<String> history, List<Ledger.View> views, Ledger ledger) {
        Map<String, Integer> where = new HashMap<>();
        for (int i = 0; i < history.size(); i++) {
            where.putIfAbsent(history.get(i), i);
        }
        for (Ledger.View view : views) {
            String who = "session " + view.joinedAs();
            String notice = "] " + view.joinedAs() + " has joined our chat...";
            List<String> seen = view.lines();
            int joinInView = -1;
            for (int i = 0; i < seen.size(); i++) {
                if (seen.get(i).endsWith(notice)) {
                    joinInView = i;
                    break;
                }
            }
            if (joinInView < 0) {
                ledger.violation(who + ": its own join notice is not among the " + seen.size() + " lines it saw");
                continue;
            }
            Integer joinInHistory = where.get(seen.get(joinInView));
            if (joinInHistory == null) {
                ledger.violation(who + ": its join notice is not in the history: " + seen.get(joinInView));
                continue;
            }
            int start = joinInHistory - joinInView;
            if (start < 0 || start + seen.size() > history.size()) {
                ledger.violation(who + ": saw " + seen.size() + " lines, " + joinInView
                        + " before its join, which do not fit in the history around line " + (joinInHistory + 1));
                continue;
            }
            for (int i = 0; i < seen.size(); i++) {
                if (!seen.get(i).equals(history.get(start + i))) {
                    ledger.violation(who + ": line " + (i + 1) + " of what it saw differs from history line "
                            + (start + i + 1) + ": saw \"" + seen.get(i) + "\", history has \"" + history.get(start + i) + "\"");
                    break;
                }
            }
        }
    }

    /** The server logged no error and no exception (the log holds its own WARNINGs about misbehaving clients). */
    static void cleanLog(List<String> log, Ledger ledger) {
        for (int i = 0; i < log.size(); i++) {
            String line = log.get(i);
            if (line.contains("ERROR") || line.contains("Exception")) {
                ledger.violation("server log line " + (i + 1) + ": " + line);
            }
        }
    }
}
