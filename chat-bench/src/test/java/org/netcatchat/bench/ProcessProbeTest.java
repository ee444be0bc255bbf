package org.netcatchat.bench;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap in use as {@code jcmd PID GC.heap_info} prints it, for the collectors a server may run with: the one-core
 * set-up gets Serial from the JVM's ergonomics, so reading only the first "used" (the young generation, nearly
 * empty right after a GC) once reported 38 bytes per connection. The texts are JDK 25's, copied from real runs.
 */
class ProcessProbeTest {

    @Test
    void g1PrintsOneLineForTheWholeHeap() {
        String info = """
                garbage-first heap   total reserved 6172672K, committed 393216K, used 13316K [0x0000000687400000, 0x0000000800000000)
                 region size 4096K, 3 young (12288K), 0 survivors (0K)
                 Metaspace       used 6546K, committed 6720K, reserved 1114112K
                  class space    used 580K, committed 640K, reserved 1048576K
                """;
        assertThat(ProcessProbe.heapUsedKib(info)).isEqualTo(OptionalLong.of(13316));
    }

    @Test
    void serialCountsBothGenerationsButNotTheirSpacesTwice() {
        String info = """
                DefNew     total 116160K, used 20659K [0x0000000687400000, 0x000000068f200000, 0x0000000704d50000)
                 eden space 103296K,  20% used [0x0000000687400000, 0x000000068882cec8, 0x000000068d8e0000)
                 from space 12864K,   0% used [0x000000068d8e0000, 0x000000068d8e0000, 0x000000068e570000)
                 to   space 12864K,   0% used [0x000000068e570000, 0x000000068e570000, 0x000000068f200000)
                Tenured    total 258048K, used 1166K [0x0000000704d50000, 0x0000000714950000, 0x0000000800000000)
                 the  space 258048K,   0% used [0x0000000704d50000, 0x0000000704e73ab8, 0x0000000714950000)
                 Metaspace       used 6546K, committed 6720K, reserved 1114112K
                """;
        assertThat(ProcessProbe.heapUsedKib(info)).isEqualTo(OptionalLong.of(20659 + 1166));
    }

    @Test
    void parallelLikewise() {
        String info = """
                PSYoungGen      total 113152K, used 21447K [0x0000000782700000, 0x000000078a500000, 0x0000000800000000)
                 eden space 97280K, 22% used [0x0000000782700000,0x0000000783bf1f48,0x0000000788600000)
                ParOldGen       total 258048K, used 2M [0x0000000687400000, 0x0000000697000000, 0x0000000782700000)
                 object space 258048K, 0% used [0x0000000687400000,0x0000000687523ab8,0x0000000697000000)
                """;
        assertThat(ProcessProbe.heapUsedKib(info)).isEqualTo(OptionalLong.of(21447 + 2048));
    }

    @Test
    void anythingElseIsNoReading() {
        assertThat(ProcessProbe.heapUsedKib("12345: Unable to open socket file")).isEmpty();
    }
}
