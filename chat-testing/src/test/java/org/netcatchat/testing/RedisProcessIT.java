package org.netcatchat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fixture against the real {@code redis-server}: ready, paused, killed, restarted with what it kept. */
@Timeout(120)
class RedisProcessIT {
    @TempDir
    Path dir;

    @Test
    void startsOnAFreePortAndAnswersPing() {
        try (RedisProcess redis = RedisProcess.start(dir, RedisProcess.Persistence.NONE)) {
            assertThat(redis.answersPing()).isTrue();
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(redis.port()).isNotEqualTo(6379);
        }
    }

    @Test
    void aPausedRedisAnswersNothingUntilResumed() {
        try (RedisProcess redis = RedisProcess.start(dir, RedisProcess.Persistence.NONE)) {
            redis.pause();
            assertThat(redis.answersPing()).isFalse(); // times out after 1 s
            assertThat(redis.isAlive()).isTrue();
            redis.resume();
            await().atMost(Duration.ofSeconds(10)).until(redis::answersPing);
        }
    }

    @Test
    void killedAndRestartedOnTheSamePortItKeepsWhatItsAppendOnlyFileHeld() throws IOException {
        try (RedisProcess redis = RedisProcess.start(dir, RedisProcess.Persistence.APPEND_ONLY,
                "--appendfsync", "always")) {
            int port = redis.port();
            assertThat(command(port, "SET", "kept", "yes")).isEqualTo("+OK");

            redis.kill();
            assertThat(redis.isAlive()).isFalse();
            assertThat(redis.answersPing()).isFalse();

            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(command(port, "GET", "kept")).isEqualTo("$3\r\nyes");
        }
    }

    @Test
    void withoutPersistenceARestartStartsEmpty() throws IOException {
        try (RedisProcess redis = RedisProcess.start(dir, RedisProcess.Persistence.NONE)) {
            assertThat(command(redis.port(), "SET", "lost", "yes")).isEqualTo("+OK");
            redis.stop();
            redis.restart();
            assertThat(command(redis.port(), "GET", "lost")).isEqualTo("$-1");
        }
    }

    /** One command as a RESP array; the reply's first line (and a bulk string's value after CRLF). */
    private static String command(int port, String... words) throws IOException {
        StringBuilder request = new StringBuilder("*" + words.length + "\r\n");
        for (String word : words) {
            request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            String first = line(in);
            if (first.startsWith("$") && !first.equals("$-1")) {
                return first + "\r\n" + line(in);
            }
            return first;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed mid-reply: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
