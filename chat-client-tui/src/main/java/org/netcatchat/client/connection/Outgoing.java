package org.netcatchat.client.connection;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.netcatchat.protocol.Command;

/** A command on its way to the server, and the answer it will get. */
record Outgoing(Command command, CompletableFuture<Answer> answer) {
    Outgoing {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(answer, "answer");
    }

    static Outgoing of(Command command) {
        return new Outgoing(command, new CompletableFuture<>());
    }
}
