package dev.brickyard.registry.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.manifest.HeaderClause;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.VersionRange;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryFixture;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Composite bricks through the publish API: verified (recipe and component requirements), found by kind, and listed
 * in the OSGi index with a requirement per component, so OSGi tooling pulls the components in.
 */
class CompositePublishTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final CompositeRecipe RECIPE = new CompositeRecipe(CompositeRecipe.AVERAGE, List.of(
            new CompositeRecipe.Component(BrickId.parse("acme/mood-a"), VersionRange.parse("^1"), 2),
            new CompositeRecipe.Component(BrickId.parse("acme/mood-b"), VersionRange.parse("~1.4"), 1)));

    @TempDir
    static Path data;
    static RegistryFixture registry;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.start(data);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void aPublishedCompositeIsFoundByItsKindAndTheIndexRequiresItsComponents() throws Exception {
        assertEquals(201, registry.publish(BrickJar.head("acme/mood-a", "1.0.0", "calm", "angry")).statusCode());
        assertEquals(201, registry.publish(BrickJar.head("acme/mood-b", "1.4.0", "angry", "calm")).statusCode());
        HttpResponse<String> created = registry.publish(BrickJar.composite("acme/mood", "1.0.0",
                List.of("calm", "angry"), RECIPE));
        assertEquals(201, created.statusCode(), created.body());

        JsonNode composites = JSON.readTree(registry.get("v1/bricks?kind=composite").body());
        assertEquals(List.of("acme/mood"), ids(composites));
        assertEquals("composite", composites.get("items").get(0).get("kind").asText());
        assertEquals(List.of("acme/mood-a", "acme/mood-b"),
                ids(JSON.readTree(registry.get("v1/bricks?kind=head").body())));

        JsonNode version = JSON.readTree(registry.get("v1/bricks/acme/mood/1.0.0").body());
        assertEquals(List.of("calm", "angry"), texts(version.get("labels")));
        assertTrue(version.get("headers").get("Require-Capability").asText().contains("(brick=acme/mood-b)"),
                version.toString());

        Set<String> expected = new TreeSet<>();
        HeaderClause.parse(BrickHeaders.requireComponents(RECIPE))
                .forEach(clause -> expected.add(clause.directives().get("filter")));
        assertEquals(expected, requirementFilters(registry.get("osgi/index.xml").body(), "acme.mood", "brick"),
                "one requirement per component, with its range");
        assertEquals(Set.of(), requirementFilters(registry.get("osgi/index.xml").body(), "acme.mood-a", "brick"),
                "a head requires no bricks");
    }

    @Test
    void aCompositeWhoseHeadersDoNotMatchItsRecipeIsRefused() throws Exception {
        BrickJar brick = BrickJar.composite("acme/loose", "1.0.0", List.of("calm", "angry"), RECIPE);
        brick.header("Require-Capability", BrickHeaders.requireBase(brick.manifest().base()));
        HttpResponse<String> refused = registry.publish(brick);
        assertEquals(422, refused.statusCode(), refused.body());
        JsonNode problem = JSON.readTree(refused.body());
        assertEquals("brick_invalid", problem.get("code").asText());
        assertEquals("Require-Capability", problem.get("violations").get(0).get("path").asText(), refused.body());
        assertEquals(404, registry.get("v1/bricks/acme/loose").statusCode());
    }

    /** The filters of the requirements in one namespace of the resource with that identity in the index. */
    private static Set<String> requirementFilters(String xml, String identity, String namespace) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        var document = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Set<String> filters = new TreeSet<>();
        NodeList resources = document.getElementsByTagNameNS("*", "resource");
        for (int r = 0; r < resources.getLength(); r++) {
            Element resource = (Element) resources.item(r);
            if (!identity.equals(attribute(resource, "osgi.identity"))) {
                continue;
            }
            NodeList requirements = resource.getElementsByTagNameNS("*", "requirement");
            for (int q = 0; q < requirements.getLength(); q++) {
                Element requirement = (Element) requirements.item(q);
                if (!namespace.equals(requirement.getAttribute("namespace"))) {
                    continue;
                }
                NodeList directives = requirement.getElementsByTagNameNS("*", "directive");
                for (int d = 0; d < directives.getLength(); d++) {
                    Element directive = (Element) directives.item(d);
                    if (directive.getAttribute("name").equals("filter")) {
                        filters.add(directive.getAttribute("value"));
                    }
                }
            }
        }
        return filters;
    }

    /** The value of an attribute of the resource's {@code osgi.identity} capability. */
    private static String attribute(Element resource, String name) {
        NodeList attributes = resource.getElementsByTagNameNS("*", "attribute");
        for (int a = 0; a < attributes.getLength(); a++) {
            Element attribute = (Element) attributes.item(a);
            if (attribute.getAttribute("name").equals(name)) {
                return attribute.getAttribute("value");
            }
        }
        return null;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
