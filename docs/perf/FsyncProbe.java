// One file's fsync while another thread appends 100-byte lines to it, as the server's appends run beside its group
// commit: java docs/perf/FsyncProbe.java [FSYNCS [MICROS_BETWEEN_APPENDS]] (not part of the build). The file is
// /tmp/fsync-probe.txt (on the disk the bench's histories use), deleted at the end.
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

public class FsyncProbe {
    public static void main(String[] args) throws Exception {
        int fsyncs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        long pauseNanos = (args.length > 1 ? Long.parseLong(args[1]) : 5) * 1000;
        File file = new File("/tmp/fsync-probe.txt");
        file.delete();
        try (RandomAccessFile history = new RandomAccessFile(file, "rw")) {
            byte[] line = new byte[100];
            Arrays.fill(line, (byte) 'x');
            line[99] = '\n';
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong appends = new AtomicLong();
            Object appendLock = new Object();
            Thread appender = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        synchronized (appendLock) {
                            history.write(line);
                        }
                        appends.incrementAndGet();
                        for (long start = System.nanoTime(); System.nanoTime() - start < pauseNanos; ) {
                            Thread.onSpinWait();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            appender.start();
            long[] took = new long[fsyncs];
            for (int i = 0; i < fsyncs; i++) {
                long start = System.nanoTime();
                history.getFD().sync(); // what HistoryFile does: fsync(2)
                took[i] = System.nanoTime() - start;
            }
            stop.set(true);
            appender.join();
            Arrays.sort(took);
            System.out.printf("fsync with an append every %d us: p50 %.3f ms, p90 %.3f ms, mean %.3f ms, %.1f lines each%n",
                    pauseNanos / 1000, took[fsyncs / 2] / 1e6, took[fsyncs * 9 / 10] / 1e6,
                    Arrays.stream(took).average().orElse(0) / 1e6, appends.get() / (double) fsyncs);
        } finally {
            file.delete();
        }
    }
}
