package org.netcatchat.client.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThemeTest {

    @ParameterizedTest(name = "[{index}] --no-color={0} NO_COLOR={1} colours={2} -> colour={3}")
    @CsvSource(nullValues = "unset", textBlock = """
            false, unset, 256, true
            false, unset,   8, true
            false, unset,   2, false
            false, unset,   0, false
            true,  unset, 256, false
            false, 1,     256, false
            false, yes,   256, false
            false, '',    256, true
            true,  '',    256, false
            """)
    void colourIsOnlyUsedWhenNobodySaidNoAndTheTerminalHasIt(boolean noColorOption, String noColorEnvironment,
                                                             int colours, boolean expected) {
        assertThat(Theme.choose(noColorOption, Optional.ofNullable(noColorEnvironment), colours).colour())
                .isEqualTo(expected);
    }
}
