package org.netcatchat.launcher;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LauncherTest {
    @ParameterizedTest
    @CsvSource({
            "1.8, 8",
            "9, 9",
            "17, 17",
            "21, 21",
            "25, 25",
            "26.1, 26",
    })
    void featureReleaseReadsOldAndNewVersionStrings(String specificationVersion, int release) {
        assertThat(Launcher.featureRelease(specificationVersion)).isEqualTo(release);
    }
}
