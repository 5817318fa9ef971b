package dev.brickyard.api.manifest;

import static dev.brickyard.api.manifest.ManifestJsonTest.JSON;
import static dev.brickyard.api.manifest.ManifestJsonTest.paths;
import static dev.brickyard.api.manifest.ManifestJsonTest.validHead;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.kind.Granularity;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The published schema of {@code brick.json}: valid draft 2020-12, the same file in the docs as in the jar, in step
 * with brick-api's constants, and met by every example brick.
 */
class ManifestSchemaTest {
    /** The repository root: tests run in brick-api/. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    /** The draft 2020-12 meta-schema (shipped inside the validator), checking formats such as regex too. */
    private static Set<ValidationMessage> metaSchemaFindings(JsonNode schema) {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of(SchemaId.V202012),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        return meta.validate(schema);
    }

    @Test
    void theSchemaIsValidDraft202012() {
        assertEquals(Set.of(), metaSchemaFindings(ManifestSchema.tree()));
        assertEquals(ManifestSchema.ID, ManifestSchema.tree().path("$id").textValue());
        assertEquals(SchemaId.V202012, ManifestSchema.tree().path("$schema").textValue());
    }

    @Test
    void theMetaSchemaCheckFindsABrokenSchema() {
        ObjectNode broken = (ObjectNode) ManifestSchema.tree();
        ((ObjectNode) broken.path("properties").path("tags")).put("type", "list");
        ((ObjectNode) broken.path("properties").path("tags")).put("maxItems", -1);
        ((ObjectNode) broken.at("/properties/tags/items")).put("pattern", "([a-z");

        Set<String> places = new TreeSet<>();
        metaSchemaFindings(broken).forEach(finding -> places.add(finding.getInstanceLocation().toString()));
        assertEquals(Set.of("/properties/tags/type", "/properties/tags/maxItems", "/properties/tags/items/pattern"),
                places);
    }

    @Test
    void theDocsPublishTheSchemaByteForByte() throws Exception {
        byte[] resource;
        try (InputStream in = ManifestSchema.class.getResourceAsStream(ManifestSchema.RESOURCE)) {
            resource = in.readAllBytes();
        }
        byte[] docs = Files.readAllBytes(ROOT.resolve("docs/schemas/brick.schema.json"));

        assertArrayEquals(resource, docs, "docs/schemas/brick.schema.json must be a copy of brick-api's "
                + ManifestSchema.RESOURCE);
    }

    @Test
    void everyExampleBrickMeetsTheSchemaAndTheRules() throws Exception {
        JsonSchema schema = FACTORY.getSchema(ManifestSchema.tree());
        List<Path> manifests = new ArrayList<>();
        try (DirectoryStream<Path> bundles = Files.newDirectoryStream(ROOT.resolve("bundles"))) {
            for (Path bundle : bundles) {
                Path manifest = bundle.resolve("brick/brick.json");
                if (Files.isRegularFile(manifest)) {
                    manifests.add(manifest);
                }
            }
        }
        assertFalse(manifests.isEmpty(), "no example bricks under " + ROOT.resolve("bundles"));

        for (Path manifest : manifests) {
            JsonNode tree = JSON.readTree(manifest.toFile());
            assertEquals(Set.of(), schema.validate(tree), manifest.toString());
            assertEquals(List.of(), ManifestJson.validate(tree), manifest.toString());
        }
    }

    @Test
    void theSchemaEnumsAreTheJavaEnums() {
        JsonNode properties = ManifestSchema.tree().path("properties");
        assertEquals(names(BrickKind.values(), BrickKind::jsonName), texts(properties.at("/kind/enum")));
        assertEquals(names(BrickOrigin.values(), BrickOrigin::jsonName), texts(properties.at("/origin/enum")));
        assertEquals(names(Granularity.values(), Granularity::jsonName), texts(properties.at("/granularity/enum")));
        assertEquals(names(NeuronSelection.Mode.values(), NeuronSelection.Mode::jsonName),
                texts(properties.at("/neurons/properties/mode/enum")));
        assertEquals(ManifestJson.MERGE_METHODS, texts(properties.at("/merge/properties/method/enum")));
        assertEquals(TensorSpec.FLOAT32, ManifestSchema.tree().at("/$defs/tensors/items/properties/dtype/const")
                .textValue());
    }

    @Test
    void theSchemaLimitsAreBrickApisLimits() {
        JsonNode properties = ManifestSchema.tree().path("properties");
        assertEquals(BrickManifest.SCHEMA_VERSION, properties.at("/schemaVersion/const").intValue());
        assertEquals(ManifestJson.MAX_DESCRIPTION, properties.at("/description/maxLength").intValue());
        assertEquals(ManifestJson.MAX_TAGS, properties.at("/tags/maxItems").intValue());
        assertEquals(ManifestJson.MAX_LABELS, properties.at("/labels/maxItems").intValue());
        JsonNode sites = properties.at("/adapter/properties/sites");
        assertEquals(ManifestJson.MAX_ADAPTER_RANK, sites.at("/additionalProperties/maximum").intValue());
        assertEquals("^" + ManifestJson.ADAPTER_SITE.pattern() + "$", sites.at("/propertyNames/pattern").textValue());
    }

    @Test
    void anIdEndingInALineBreakIsNotAnId() {
        ObjectNode tree = validHead();
        tree.put("id", "acme/sentiment\n");
        ((ObjectNode) tree.get("base")).put("digest", ManifestJsonTest.DIGEST + "\n");

        assertEquals(Set.of("$.id", "$.base.digest"), paths(ManifestJson.validate(tree)));
    }

    @Test
    void lengthsCountUtf16CodeUnitsAsJavaDoes() {
        ObjectNode tree = validHead();
        // 1500 characters outside the BMP: 1500 code points (the schema's count), 3000 UTF-16 code units.
        tree.put("description", "\uD83E\uDDF1".repeat(1500));

        List<Violation> violations = ManifestJson.validate(tree);

        assertEquals(Set.of("$.description"), paths(violations), violations.toString());
        assertTrue(violations.get(0).message().startsWith("must be a non-empty text of at most 2000 characters"),
                violations.toString());
        tree.put("description", "\uD83E\uDDF1".repeat(1000));
        assertEquals(List.of(), ManifestJson.validate(tree));
    }

    @Test
    void aBlankTextIsBlankByJavasWhiteSpace() {
        ObjectNode tree = validHead();
        tree.put("description", " \t\u2003\u3000\n");
        tree.put("license", "\u00A0");

        assertEquals(Set.of("$.description"), paths(ManifestJson.validate(tree)),
                "a no-break space is not white space to Character.isWhitespace, as before the schema");
    }

    @Test
    void anIntegerIsWrittenWithoutAFraction() {
        ObjectNode tree = validHead();
        ((ObjectNode) tree.get("base")).put("dim", 384.0);
        tree.put("schemaVersion", 1.0);

        assertEquals(Set.of("$.base.dim", "$.schemaVersion"), paths(ManifestJson.validate(tree)));
    }

    private static <E> List<String> names(E[] values, Function<E, String> spelling) {
        return Arrays.stream(values).map(spelling).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.textValue()));
        return texts;
    }
}
