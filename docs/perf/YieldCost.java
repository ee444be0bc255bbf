// Cost of one Thread.yield() on a platform and on a virtual thread: java docs/perf/YieldCost.java (not part of the build).
public class YieldCost {
    public static void main(String[] a) throws Exception {
        for (int round = 0; round < 3; round++) {
            long t = System.nanoTime();
            for (int i = 0; i < 2_000_000; i++) Thread.yield();
            System.out.printf("platform Thread.yield: %.0f ns%n", (System.nanoTime() - t) / 2e6);
        }
        Thread v = Thread.ofVirtual().start(() -> {
            for (int round = 0; round < 3; round++) {
                long t = System.nanoTime();
                for (int i = 0; i < 2_000_000; i++) Thread.yield();
                System.out.printf("virtual Thread.yield: %.0f ns%n", (System.nanoTime() - t) / 2e6);
            }
        });
        v.join();
    }
}
