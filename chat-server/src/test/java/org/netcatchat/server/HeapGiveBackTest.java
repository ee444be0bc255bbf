package org.netcatchat.server;

import com.sun.management.VMOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When the server sets G1's periodic collection itself: only under G1, and never over a value someone chose. */
class HeapGiveBackTest {
    private static VMOption periodic(String value, VMOption.Origin origin) {
        return new VMOption(HeapGiveBack.FLAG, value, true, origin);
    }

    @Test
    void setsItUnderG1WhenNobodyChoseAValue() {
        assertThat(HeapGiveBack.shouldSet(true, periodic("0", VMOption.Origin.DEFAULT))).isTrue();
    }

    @Test
    void leavesTheCommandLinesValueEvenZero() {
        assertThat(HeapGiveBack.shouldSet(true, periodic("0", VMOption.Origin.VM_CREATION))).isFalse();
        assertThat(HeapGiveBack.shouldSet(true, periodic("5000", VMOption.Origin.ENVIRON_VAR))).isFalse();
    }

    @Test
    void leavesOtherCollectorsAlone() {
        assertThat(HeapGiveBack.shouldSet(false, periodic("0", VMOption.Origin.DEFAULT))).isFalse();
    }
}
