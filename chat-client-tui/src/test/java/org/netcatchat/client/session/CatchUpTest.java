package org.netcatchat.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding exactly the missed lines in what the server sends on a rejoin. Lines are letters here. */
class CatchUpTest {

    private static CatchUp catchUp(List<String> seen, List<String> history, List<String> joined) {
        CatchUp catchUp = new CatchUp(seen);
        history.forEach(catchUp::history);
        joined.forEach(catchUp::joined);
        return catchUp;
    }

    @Test
    void theLinesAfterTheLastOnesSeenAreTheMissedOnesStitchedAcrossBothReplies() {
        // saw up to c; missed d e; the hist reply was cut at e, then f came and we joined (J)
        CatchUp.Result result = catchUp(List.of("a", "b", "c"), List.of("a", "b", "c", "d", "e"),
                List.of("b", "c", "d", "e", "f", "J")).result();

        assertThat(result).isEqualTo(new CatchUp.Result(List.of("d", "e", "f", "J"), true));
    }

    @Test
    void aRepeatedLineDoesNotLookLikeThePlaceLeftOff() {
        // saw "x ok ok"; then "y ok" was said: the last "ok" alone would hide y
        CatchUp.Result result = catchUp(List.of("x", "ok", "ok"), List.of("x", "ok", "ok", "y", "ok"),
                List.of("ok", "ok", "y", "ok", "J")).result();

        assertThat(result).isEqualTo(new CatchUp.Result(List.of("y", "ok", "J"), true));
    }

    @Test
    void nothingMissedShowsOnlyOurOwnJoin() {
        CatchUp.Result result = catchUp(List.of("a", "b", "c"), List.of("a", "b", "c"), List.of("b", "c", "J")).result();

        assertThat(result).isEqualTo(new CatchUp.Result(List.of("J"), true));
    }

    @Test
    void moreMissedThanTheHistReplyHoldsIsShownWholeAndUnsure() {
        CatchUp.Result result = catchUp(List.of("a", "b", "c"), List.of("m", "n", "o"), List.of("n", "o", "J")).result();

        assertThat(result).isEqualTo(new CatchUp.Result(List.of("m", "n", "o", "J"), false));
    }

    @Test
    void repliesThatCannotBeStitchedAreUnsure() {
        // the server does not replay on join: what came between the two replies cannot be known
        CatchUp.Result result = catchUp(List.of("a", "b", "c"), List.of("a", "b", "c", "d"), List.of()).result();

        assertThat(result).isEqualTo(new CatchUp.Result(List.of("d"), false));
    }
}
