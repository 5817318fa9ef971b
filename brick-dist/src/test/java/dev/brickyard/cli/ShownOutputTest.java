package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The rules by which TutorialTest compares a tutorial's output blocks with what the commands print. */
class ShownOutputTest {
    private static final String PRINTED = """
            created acme/jargon in jargon
              jargon/brick.json
            held-out similarity 0.276 -> 0.565, recall@1 83.3 % -> 100.0 % (12 pairs)
            ID           VERSION  KIND
            acme/jargon  0.1.0    adapter
            admin token 3f9a0c1b2d4e (shown once)
            """;

    @Test
    void shownLinesMustBeConsecutivePrintedLines() {
        assertNull(ShownOutput.mismatch("ID VERSION KIND\n\nacme/jargon 0.1.0 adapter\n", PRINTED));
        assertNotNull(ShownOutput.mismatch("created acme/jargon in jargon\nacme/jargon 0.1.0 adapter\n", PRINTED),
                "a printed line left out between shown ones");
        assertNotNull(ShownOutput.mismatch("acme/jargon  0.1.0    adapter\ncreated acme/jargon in jargon\n",
                PRINTED), "out of order");
        assertNotNull(ShownOutput.mismatch("wrote jargon/brick/brick.json\n", PRINTED), "a line never printed");
    }

    @Test
    void decimalsMayDifferALittleIntegersNotAndEllipsisIsAPlaceholder() {
        assertNull(ShownOutput.mismatch("held-out similarity 0.277 -> 0.563, recall@1 83.3 % -> 100.0 % (12 pairs)",
                PRINTED));
        assertNotNull(ShownOutput.mismatch("held-out similarity 0.300 -> 0.565, recall@1 83.3 % -> 100.0 % "
                + "(12 pairs)", PRINTED), "a score far off");
        assertNotNull(ShownOutput.mismatch("held-out similarity 0.276 -> 0.565, recall@1 83.3 % -> 100.0 % "
                + "(13 pairs)", PRINTED), "a count must be exact");
        assertNull(ShownOutput.mismatch("admin token … (shown once)", PRINTED));
    }
}
