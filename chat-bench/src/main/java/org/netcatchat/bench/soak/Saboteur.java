package org.netcatchat.bench.soak;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Repeats one {@link Fault} until the load stops, one connection at a time, each bounded in time. The
 * faults are not required to succeed at anything; what they must not do is hurt the well-behaved clients
 * or leave anything behind in the server, which the soak checks elsewhere. The few outcomes the protocol
 * promises (an oversized line gets {@code ERR line too long}) are checked here.
 */
final class Saboteur implements Runnable {
    private final Arena arena;
    private final Fault fault;
    private final int index;

    Saboteur(Arena arena, Fault fault, int index) {
        this.arena = arena;
        this.fault = fault;
        this.index = index;
    }

    @Override
    public void run() {
        int round = 0;
        while (arena.running()) {
            round++;
            try {
                once(arena.name("x" + fault.ordinal() + "i" + index, round));
                arena.ledger().fault(fault.label());
            } catch (IOException e) {
                arena.ledger().fault(fault.label()); // refused or reset by the server: still injected
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void once(String name) throws IOException, InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Ledger ledger = arena.ledger();
        switch (fault) {
            case STALLED_READER -> {
                try (Socket socket = ChatSocket.connect(arena.nextSource(), arena.chat(), 4096)) {
                    ledger.connected();
                    // sometimes a whole hist first, so the writer parks in it while the queue fills behind
                    write(socket, "name " + name + "\n" + (random.nextBoolean() ? "hist\n" : ""));
                    Arena.pause(random.nextLong(3_000, 15_000));
                }
            }
            case RESET -> {
                try (Socket socket = ChatSocket.connect(arena.nextSource(), arena.chat(), 0)) {
                    ledger.connected();
                    switch (random.nextInt(4)) {
                        case 0 -> { }
                        case 1 -> write(socket, "name " + name + "\ntext half a fr");
                        case 2 -> write(socket, "name " + name + "\ntext bye\n");
                        default -> write(socket, "hist\n");
                    }
                    socket.setSoLinger(true, 0);
                }
                Arena.pause(random.nextLong(20, 120));
            }
            case SLOWLORIS -> {
                try (Socket socket = ChatSocket.connect(arena.nextSource(), arena.chat(), 0)) {
                    ledger.connected();
                    byte[] frame = ("name " + name + "\ntext slow\n").getBytes(StandardCharsets.UTF_8);
                    int trickled = random.nextInt(1, frame.length);
                    for (int i = 0; i < trickled && arena.running(); i++) {
                        socket.getOutputStream().write(frame[i]);
                        socket.getOutputStream().flush();
                        Arena.pause(random.nextLong(200, 1000));
                    }
                }
            }
            case OVERSIZED_LINE -> {
                try (ChatSocket chat = ChatSocket.open(arena.nextSource(), arena.chat(), false, "soak-" + name)) {
                    ledger.connected();
                    int size = random.nextInt(5_000, 200_000);
                    chat.sendRaw(("text " + "y".repeat(size) + "\n").getBytes(StandardCharsets.US_ASCII));
                    Optional<ChatSocket.Reply> reply = chat.nextReply(Arena.REPLY_DEADLINE);
                    // Every frame costs a token before anything else is looked at: from an address whose
                    // flood budget is spent, the refusal is "rate limited". Either way nothing was sent.
                    if (reply.isEmpty() || !(reply.get().isError("ERR line too long")
                            || reply.get().isError("ERR rate limited"))) {
                        ledger.violation("a " + size + "-byte line was answered " + reply.map(ChatSocket.Reply::lines)
                                + " instead of ERR line too long (or ERR rate limited)");
                    }
                    chat.send("quit");
                    chat.awaitEnd(Arena.REPLY_DEADLINE);
                }
                Arena.pause(random.nextLong(200, 1000));
            }
            case GARBAGE -> {
                try (Socket socket = ChatSocket.connect(arena.nextSource(), arena.chat(), 0)) {
                    ledger.connected();
                    byte[] junk = new byte[random.nextInt(1, 3000)];
                    random.nextBytes(junk);
                    OutputStream out = socket.getOutputStream();
                    out.write(junk);
                    out.write("\nquit\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    socket.setSoTimeout((int) Arena.REPLY_DEADLINE.toMillis());
                    socket.getInputStream().readAllBytes();
                }
                Arena.pause(random.nextLong(100, 600));
            }
            case CHURN -> {
                try (ChatSocket chat = ChatSocket.open(arena.nextSource(), arena.chat(), false, "soak-" + name)) {
                    ledger.connected();
                    chat.request("name " + name, Arena.REPLY_DEADLINE);
                    chat.request("name " + name + "x", Arena.REPLY_DEADLINE);
                    chat.request("name " + name + "y", Arena.REPLY_DEADLINE);
                    chat.send("quit");
                    chat.awaitEnd(Arena.REPLY_DEADLINE);
                }
                Arena.pause(random.nextLong(200, 800));
            }
            case STALLED_SCRAPER -> {
                try (Socket socket = new Socket()) {
                    socket.connect(arena.metrics(), 10_000);
                    write(socket, "GET /metrics HTTP/1.1\r\nHost: x\r\n");
                    Arena.pause(10_000);
                }
            }
        }
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }
}
