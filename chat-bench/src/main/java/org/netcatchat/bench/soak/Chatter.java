package org.netcatchat.bench.soak;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A well-behaved client, the one whose experience the soak checks: joins under a fresh name, talks a few
 * times a second (well under the rate limit), sometimes renames, then says a last line, waits for its ACK,
 * quits and starts over with a new session. Every ACK is recorded, and at the end of a session every
 * pushed line it saw, for comparison with the history. Anything a well-behaved client should never meet
 * (an ERR, a lost reply, being cut off) is a violation.
 */
final class Chatter implements Runnable {
    private final Arena arena;
    private final int index;

    Chatter(Arena arena, int index) {
        this.arena = arena;
        this.index = index;
    }

    @Override
    public void run() {
        int session = 0;
        while (arena.running()) {
            session++;
            try {
                session(session);
            } catch (IOException e) {
                arena.ledger().violation("chatter " + arena.name("c" + index, session) + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void session(int session) throws IOException, InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String name = arena.name("c" + index, session);
        String who = "chatter " + name;
        Ledger ledger = arena.ledger();
        try (ChatSocket chat = ChatSocket.open(arena.nextPeacefulSource(), arena.chat(), true, "soak-" + name)) {
            ledger.connected();
            if (!expectOk(chat, "name " + name, who + " joining")) {
                return;
            }
            ledger.fault("join");
            long sessionEnds = System.nanoTime() + random.nextLong(2_000, 12_000) * 1_000_000;
            boolean renamed = false;
            int seq = 0;
            while (arena.running() && System.nanoTime() - sessionEnds < 0) {
                Arena.pause(random.nextLong(100, 400));
                if (!renamed && random.nextInt(20) == 0) {
                    renamed = true;
                    if (!expectOk(chat, "name " + name + "r", who + " renaming")) {
                        return;
                    }
                    ledger.fault("rename");
                    continue;
                }
                int padding = random.nextInt(0, 120);
                if (!say(chat, name + "." + ++seq + (padding == 0 ? "" : " " + "x".repeat(padding)), who)) {
                    return;
                }
            }
            if (!say(chat, name + ".last", who)) {
                return;
            }
            chat.send("quit");
            if (!chat.awaitEnd(Arena.REPLY_DEADLINE)) {
                ledger.violation(who + ": the server did not close the connection after quit");
            }
            ledger.fault("leave");
            ledger.view(new Ledger.View(name, chat.pushed()));
        }
    }

    /** Sends one message; true when it was ACKed. The token is the whole message text. */
    private boolean say(ChatSocket chat, String text, String who) throws IOException, InterruptedException {
        arena.ledger().sent(text);
        if (expectOk(chat, "text " + text, who + " saying " + text)) {
            arena.ledger().acked(text);
            return true;
        }
        return false;
    }

    private boolean expectOk(ChatSocket chat, String frame, String what) throws IOException, InterruptedException {
        Optional<ChatSocket.Reply> reply = chat.request(frame, Arena.REPLY_DEADLINE);
        if (reply.isEmpty()) {
            arena.ledger().violation(what + ": " + (chat.isEnded() ? "connection closed by the server" : "no reply within " + Arena.REPLY_DEADLINE));
            return false;
        }
        if (!reply.get().ok()) {
            arena.ledger().violation(what + ": " + reply.get().lines());
            return false;
        }
        return true;
    }
}
