package dev.brickyard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderClauseTest {

    @Test
    void parsesABrickCapabilityDroppingTypesAndQuotes() {
        List<HeaderClause> clauses = HeaderClause.parse(
                "brick;brick=\"acme/sentiment\";version:Version=\"1.2.0\";kind=head");

        assertEquals(List.of(new HeaderClause("brick",
                Map.of("brick", "acme/sentiment", "version", "1.2.0", "kind", "head"), Map.of())), clauses);
    }

    @Test
    void parsesAFilterDirective() {
        List<HeaderClause> clauses = HeaderClause.parse(
                "brick.base;filter:=\"(&(brick.base=all-minilm-l6-v2)(dim=384))\"");

        assertEquals(1, clauses.size());
        HeaderClause clause = clauses.get(0);
        assertEquals("brick.base", clause.name());
        assertEquals(Map.of(), clause.attributes());
        assertEquals(Map.of("filter", "(&(brick.base=all-minilm-l6-v2)(dim=384))"), clause.directives());
    }

    @Test
    void splitsClausesAtCommasOutsideQuotes() {
        List<HeaderClause> clauses = HeaderClause.parse(
                "brick;brick=\"acme/a,b\";note=\"x;y\", brick.base;filter:=\"(dim=384)\",osgi.ee");

        assertEquals(3, clauses.size());
        assertEquals("brick", clauses.get(0).name());
        assertEquals(Map.of("brick", "acme/a,b", "note", "x;y"), clauses.get(0).attributes());
        assertEquals("brick.base", clauses.get(1).name());
        assertEquals(Map.of("filter", "(dim=384)"), clauses.get(1).directives());
        assertEquals(new HeaderClause("osgi.ee", Map.of(), Map.of()), clauses.get(2));
    }

    @Test
    void keepsAListTypedAttributeWhole() {
        HeaderClause clause = HeaderClause.parse("brick;labels:List<String>=\"negative,positive\"").get(0);

        assertEquals(Map.of("labels", "negative,positive"), clause.attributes());
    }

    @Test
    void toleratesSpaceAroundSeparators() {
        HeaderClause clause = HeaderClause.parse(" brick ; kind = head ; filter := \"(a=b)\" ").get(0);

        assertEquals("brick", clause.name());
        assertEquals(Map.of("kind", "head"), clause.attributes());
        assertEquals(Map.of("filter", "(a=b)"), clause.directives());
    }

    @Test
    void unescapesQuotesAndBackslashesInsideQuotedValues() {
        HeaderClause clause = HeaderClause.parse("brick;say=\"a \\\"quoted\\\" word, here\";path=\"c:\\\\x\"").get(0);

        assertEquals("a \"quoted\" word, here", clause.attributes().get("say"));
        assertEquals("c:\\x", clause.attributes().get("path"));
    }

    @Test
    void rejectsAnUnclosedQuote() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> HeaderClause.parse("brick;brick=\"acme/sentiment;kind=head"));
        assertTrue(error.getMessage().contains("unclosed quote"), error.getMessage());
    }

    @Test
    void rejectsAParameterWithoutValueNamingIt() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> HeaderClause.parse("brick;kind=head;singleton"));
        assertTrue(error.getMessage().contains("'singleton'"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HeaderClause.parse("brick;=head"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void anEmptyHeaderHasNoClauses(String header) {
        assertEquals(List.of(), HeaderClause.parse(header));
    }

    @Test
    void parsedMapsCannotBeChanged() {
        HeaderClause clause = HeaderClause.parse("brick;kind=head;filter:=x").get(0);

        assertThrows(UnsupportedOperationException.class, () -> clause.attributes().put("kind", "adapter"));
        assertThrows(UnsupportedOperationException.class, () -> clause.directives().clear());
    }
}
