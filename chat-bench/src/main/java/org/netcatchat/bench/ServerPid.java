package org.netcatchat.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One process whose CPU and memory a run measures, and the name it has in the report: {@code redis=4242} is
 * named {@code redis}, a bare {@code 4242} is named by its PID. An immutable value.
 */
record ServerPid(String name, long pid) {
    ServerPid {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a --server-pid needs a name before '='");
        }
        if (pid < 1) {
            throw new IllegalArgumentException("--server-pid must be a positive process id: " + pid);
        }
    }

    static ServerPid of(long pid) {
        return new ServerPid(Long.toString(pid), pid);
    }

    /**
     * The values of every {@code --server-pid} given, each a comma-separated list of {@code PID} or
     * {@code NAME=PID}, in order; a name (or PID) given twice is refused, so that no process is counted twice.
     */
    static List<ServerPid> parse(List<String> values) {
        List<ServerPid> pids = new ArrayList<>();
        for (String value : values) {
            for (String item : value.split(",", -1)) {
                String trimmed = item.strip();
                int eq = trimmed.indexOf('=');
                String number = eq < 0 ? trimmed : trimmed.substring(eq + 1).strip();
                long pid;
                try {
                    pid = Long.parseLong(number);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--server-pid takes PID or NAME=PID, comma-separated: '" + item + "'");
                }
                ServerPid p = eq < 0 ? of(pid) : new ServerPid(trimmed.substring(0, eq).strip(), pid);
                for (ServerPid seen : pids) {
                    if (seen.name().equals(p.name()) || seen.pid() == p.pid()) {
                        throw new IllegalArgumentException("--server-pid " + p.name() + " (" + p.pid() + ") is given twice");
                    }
                }
                pids.add(p);
            }
        }
        return List.copyOf(pids);
    }
}
