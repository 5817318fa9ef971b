package dev.brickyard.api.manifest;

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
    void parsesABrickCapabilityKeepingTypesApartFromValues() {
        List<HeaderClause> clauses = HeaderClause.parse(
                "brick;brick=\"acme/sentiment\";version:Version=\"1.2.0\";kind=head");

        assertEquals(List.of(new HeaderClause("brick",
                Map.of("brick", "acme/sentiment", "version", "1.2.0", "kind", "head"), Map.of(),
                Map.of("version", "Version"))), clauses);
        assertEquals("Version", clauses.get(0).attributeType("version"));
        assertEquals("String", clauses.get(0).attributeType("kind"));
    }

    @Test
    void keepsAttributesAndDirectivesInHeaderOrder() {
        HeaderClause clause = HeaderClause.parse("x;z=1;a:Long=2;m=3;uses:=\"p\";effective:=resolve;b=4").get(0);

        assertEquals(List.of("z", "a", "m", "b"), List.copyOf(clause.attributes().keySet()));
        assertEquals(List.of("uses", "effective"), List.copyOf(clause.directives().keySet()));
    }

    @Test
    void keepsEveryOsgiTypeAndLeavesStringsUntyped() {
        HeaderClause clause = HeaderClause.parse("brick.base;brick.base=all-minilm-l6-v2;dim:Long=384;"
                + "temperature:Double=\"0.5\";name:String=x;sizes:List<Long>=\"1,2\";words:List=\"a,b\"").get(0);

        assertEquals(Map.of("dim", "Long", "temperature", "Double", "sizes", "List<Long>", "words", "List"),
                clause.attributeTypes());
        assertEquals("384", clause.attributes().get("dim"));
        assertEquals("String", clause.attributeType("name"));
        assertEquals("String", clause.attributeType("brick.base"));
    }

    @Test
    void normalisesSpaceInsideADeclaredType() {
        HeaderClause clause = HeaderClause.parse("x;sizes : List < Long > = \"1, 2\";v: Version =\" 1.0 \"").get(0);

        assertEquals(Map.of("sizes", "List<Long>", "v", "Version"), clause.attributeTypes());
    }

    @Test
    void aRepeatedAttributeTakesTheTypeOfItsLastDeclaration() {
        HeaderClause clause = HeaderClause.parse("x;v:Version=1.0;v=plain").get(0);

        assertEquals(Map.of("v", "plain"), clause.attributes());
        assertEquals(Map.of(), clause.attributeTypes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x;v:Integer=1", "x;v:List<Integer>=\"1\"", "x;v:Map=a", "x;v:=1;w:List<=a"})
    void rejectsATypeOsgiDoesNotKnow(String header) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> HeaderClause.parse(header));
        assertTrue(error.getMessage().contains("type"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x;v:Version=\"1.2.0-rc.1\"", "x;v:Version=1.x", "x;v:Long=3.5",
            "x;v:Long=99999999999999999999", "x;v:Double=many", "x;v:List<Long>=\"1,two\"",
            "x;v:List<Version>=\"1.0,1.0.0.a.b\""})
    void rejectsAValueThatIsNotOfItsDeclaredType(String header) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> HeaderClause.parse(header));
        assertTrue(error.getMessage().contains("is declared"), error.getMessage());
    }

    @Test
    void keepsAListValueVerbatimWithItsEscapedCommas() {
        HeaderClause clause = HeaderClause.parse("x;v:List=\"a\\,b,c\"").get(0);

        assertEquals("a\\,b,c", clause.attributes().get("v"));
        assertEquals("List", clause.attributeType("v"));
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
        assertEquals(Map.of("labels", "List<String>"), clause.attributeTypes());
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
        assertThrows(UnsupportedOperationException.class, () -> HeaderClause.parse("brick;v:Long=1").get(0)
                .attributeTypes().clear());
    }
}
