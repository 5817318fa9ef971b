package dev.brickyard.api.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.kind.Granularity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BrickHeadersTest {
    private static final BaseModelRef BASE = new BaseModelRef("all-minilm-l6-v2", 384, "sha256:" + "ab".repeat(32));

    private static BrickManifest manifest(String id, String version, BrickKind kind) {
        return new BrickManifest(BrickManifest.SCHEMA_VERSION, id, version, kind, BrickOrigin.CUSTOMIZED,
                Granularity.MODULE, "test brick", List.of(), List.of("negative", "positive"), null, null, null,
                "Apache-2.0", List.of("someone"), BASE, List.of("head.onnx"));
    }

    @Test
    void provideCapabilityParsesBackToIdVersionAndKind() {
        String header = BrickHeaders.provideCapability(manifest("acme/sentiment", "1.2.0", BrickKind.HEAD));

        assertEquals(List.of(new HeaderClause(BrickHeaders.BRICK_NAMESPACE,
                Map.of("brick", "acme/sentiment", "version", "1.2.0", "kind", "head"), Map.of(),
                Map.of("version", "Version"))), HeaderClause.parse(header));
    }

    @Test
    void provideCapabilityGivesAnOsgiVersionForAPreRelease() {
        String header = BrickHeaders.provideCapability(manifest("acme/sentiment", "2.0.0-rc.1+b.7", BrickKind.HEAD));

        assertEquals("2.0.0.rc_1_b_7", HeaderClause.parse(header).get(0).attributes().get("version"));
    }

    @ParameterizedTest
    @EnumSource(BrickKind.class)
    void provideCapabilitySpellsEachKindAsInTheManifest(BrickKind kind) {
        String header = BrickHeaders.provideCapability(manifest("acme/x", "0.1.0", kind));

        assertEquals(kind.jsonName(), HeaderClause.parse(header).get(0).attributes().get(BrickHeaders.KIND_ATTRIBUTE));
        assertEquals(kind.name().toLowerCase(), kind.jsonName());
    }

    @Test
    void requireBaseParsesBackToTheFilterOnNameAndDimension() {
        List<HeaderClause> clauses = HeaderClause.parse(BrickHeaders.requireBase(BASE));

        assertEquals(List.of(new HeaderClause("brick.base", Map.of(),
                Map.of("filter", "(&(brick.base=all-minilm-l6-v2)(dim=384))"))), clauses);
        assertEquals(BrickHeaders.baseFilter(BASE), clauses.get(0).directives().get("filter"));
    }

    @Test
    void requireBaseCarriesAnotherBaseModelsNameAndWidth() {
        BaseModelRef other = new BaseModelRef("bge-small-en-v1.5", 768, BASE.digest());

        assertEquals("(&(brick.base=bge-small-en-v1.5)(dim=768))",
                HeaderClause.parse(BrickHeaders.requireBase(other)).get(0).directives().get("filter"));
    }
}
