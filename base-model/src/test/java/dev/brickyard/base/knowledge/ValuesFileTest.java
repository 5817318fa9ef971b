package dev.brickyard.base.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.brickyard.api.MalformedBrickException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesFileTest {
    static final String ENTRY = "brick/values.jsonl";

    @Test
    void writesOneCompactObjectPerLineAndReadsItBack() throws Exception {
        List<KnowledgeFact> facts = List.of(
                new KnowledgeFact("Öffnungszeiten am Sonntag", TextNode.valueOf("10–16 Uhr")),
                new KnowledgeFact("Return policy", new ObjectMapper().readTree("{\"days\": 30, \"receipt\": true}")));
        byte[] bytes = ValuesFile.write(facts);
        assertEquals("{\"key\":\"Öffnungszeiten am Sonntag\",\"value\":\"10–16 Uhr\"}\n"
                + "{\"key\":\"Return policy\",\"value\":{\"days\":30,\"receipt\":true}}\n",
                new String(bytes, StandardCharsets.UTF_8));
        assertEquals(facts, ValuesFile.read(bytes, ENTRY, 10, 1024));
    }

    @Test
    void acceptsWindowsLineEndsAndAMissingFinalLineEnd() throws Exception {
        byte[] bytes = "{\"key\":\"a\",\"value\":1}\r\n{\"key\":\"b\",\"value\":[2]}".getBytes(StandardCharsets.UTF_8);
        List<KnowledgeFact> facts = ValuesFile.read(bytes, ENTRY, 10, 1024);
        assertEquals(List.of("a", "b"), facts.stream().map(KnowledgeFact::key).toList());
        assertEquals("[2]", facts.get(1).value().toString());
        assertEquals(List.of(), ValuesFile.read(new byte[0], ENTRY, 10, 1024));
    }

    @Test
    void refusesInvalidUtf8AndRepeatedFieldsNamingTheLine() {
        byte[] bytes = ("{\"key\":\"a\",\"value\":\"x\"}\n{\"key\":\"b\",\"key\":\"c\",\"value\":1}\n"
                + "{\"key\":\"\\u00e9\",\"value\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] withBadByte = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, withBadByte, 0, bytes.length);
        withBadByte[bytes.length] = (byte) 0xC3;
        withBadByte[bytes.length + 1] = '"';
        withBadByte[bytes.length + 2] = '}';
        MalformedBrickException e = assertThrows(MalformedBrickException.class,
                () -> ValuesFile.read(withBadByte, ENTRY, 10, 1024));
        assertEquals(2, e.violations().size(), e.getMessage());
        assertTrue(e.violations().get(0).message().startsWith("line 2: is not one JSON value"), e.getMessage());
        assertEquals("line 3: is not UTF-8 text", e.violations().get(1).message());
    }

    @Test
    void reportsTheFirstTenBrokenLinesAndCountsTheRest() {
        String bytes = "nope\n".repeat(25);
        MalformedBrickException e = assertThrows(MalformedBrickException.class,
                () -> ValuesFile.read(bytes.getBytes(StandardCharsets.UTF_8), ENTRY, 100, 1024));
        assertEquals(11, e.violations().size());
        assertEquals("... and 15 more broken lines", e.violations().get(10).message());
    }
}
