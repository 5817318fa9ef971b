package dev.brickyard.registry.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.brickyard.api.version.BrickId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SimilarBrickIdsTest {
    private static List<BrickId> ids(String... ids) {
        return Stream.of(ids).map(BrickId::parse).toList();
    }

    @Test
    void sameNamespaceComesFirstThenTheNearestAtMostThree() {
        List<BrickId> published = ids("zeta/urgency", "acme/urgent", "acme/urgency", "acme/urgencies", "acme/urgnc",
                "acme/sentiment");
        assertEquals(ids("acme/urgency", "acme/urgnc", "zeta/urgency"),
                SimilarBrickIds.closeTo(BrickId.parse("acme/urgncy"), published));
        assertEquals(ids("acme/urgency", "zeta/urgency", "acme/urgent"),
                SimilarBrickIds.closeTo(BrickId.parse("acem/urgency"), published),
                "a mistyped namespace finds the name, in the namespaces that have it");
    }

    @Test
    void aSwapOfTwoLettersIsOneEditAndFarIdsAreNotSuggested() {
        assertEquals(1, SimilarBrickIds.distance("acme/sentimnet", "acme/sentiment"));
        assertEquals(List.of(), SimilarBrickIds.closeTo(BrickId.parse("acme/weather"), ids("acme/urgency")));
        assertEquals(List.of(), SimilarBrickIds.closeTo(BrickId.parse("acme/urgency"), ids("acme/urgency")),
                "the id itself is no suggestion");
    }
}
