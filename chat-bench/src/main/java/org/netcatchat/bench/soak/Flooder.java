package org.netcatchat.bench.soak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client that sends as fast as it can: batches of pipelined {@code text} frames in one write, far above
 * the rate limit, half of them lines of invalid UTF-8 near the line limit. It reads its replies in order: a {@code 0x00} is an ACK (recorded, so the message must
 * then be in the history exactly once), {@code ERR rate limited} is the defence working. Each session ends
 * with {@code quit}, and a new one starts; if the server cuts it, what was not answered is only required
 * to be in the history at most once.
 */
final class Flooder implements Runnable {
    private static final int BATCH = 60;
    /** Below the default 4096-byte line limit with "text " in front. */
    private static final int HEAVY_BYTES = 4000;

    private final Arena arena;
    private final int index;

    Flooder(Arena arena, int index) {
        this.arena = arena;
        this.index = index;
    }

    @Override
    public void run() {
        int session = 0;
        while (arena.running()) {
            session++;
            try {
                session(arena.name("f" + index, session));
            } catch (IOException e) {
                arena.ledger().fault("flood_cut");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void session(String name) throws IOException, InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Ledger ledger = arena.ledger();
        try (ChatSocket chat = ChatSocket.open(arena.nextSource(), arena.chat(), false, "soak-" + name)) {
            ledger.connected();
            Optional<ChatSocket.Reply> joined = chat.request("name " + name, Arena.REPLY_DEADLINE);
            if (joined.isEmpty() || !joined.get().ok()) {
                ledger.fault("flood_refused");
                return;
            }
            int batches = random.nextInt(1, 6);
            int seq = 0;
            for (int b = 0; b < batches && arena.running(); b++) {
                // half the batches are heavy: lines of 0xFF bytes, each of which becomes a 3-byte U+FFFD, so
                // the queues of stalled readers fill within seconds; those lines carry no token to track
                boolean heavy = random.nextBoolean();
                ledger.fault(heavy ? "flood_batch_heavy" : "flood_batch");
                List<Optional<String>> texts = new ArrayList<>();
                ByteArrayOutputStream frames = new ByteArrayOutputStream();
                for (int i = 0; i < BATCH; i++) {
                    if (heavy) {
                        texts.add(Optional.empty());
                        frames.writeBytes("text ".getBytes(StandardCharsets.US_ASCII));
                        byte[] invalid = new byte[random.nextInt(500, HEAVY_BYTES)];
                        Arrays.fill(invalid, (byte) 0xFF);
                        frames.writeBytes(invalid);
                        frames.write('\n');
                        continue;
                    }
                    String text = name + "." + ++seq;
                    texts.add(Optional.of(text));
                    ledger.sent(text);
                    frames.writeBytes(("text " + text + "\n").getBytes(StandardCharsets.UTF_8));
                }
                chat.sendRaw(frames.toByteArray());
                for (Optional<String> text : texts) {
                    Optional<ChatSocket.Reply> reply = chat.nextReply(Arena.REPLY_DEADLINE);
                    if (reply.isEmpty()) {
                        ledger.fault("flood_cut");
                        return;
                    }
                    if (reply.get().ok()) {
                        text.ifPresent(ledger::acked);
                    }
                }
                Arena.pause(random.nextLong(200, 1500));
            }
            chat.send("quit");
            chat.awaitEnd(Arena.REPLY_DEADLINE);
        }
    }
}
