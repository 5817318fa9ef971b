package dev.brickyard.registry.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import aQute.bnd.osgi.Domain;
import aQute.bnd.osgi.repository.XMLResourceParser;
import aQute.bnd.osgi.resource.ResourceBuilder;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.registry.store.VersionRecord;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;

/** The index document on its own: what bnd reads back from it, compared with what bnd derives from the headers. */
class RepositoryXmlTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    private static final String URL = "http://registry.test/v1/bricks/acme/sentiment/1.2.0/download";

    @Test
    void aBundleReadsBackAsBndDerivesItFromTheSameManifest() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Bundle-ManifestVersion", "2");
        headers.put("Bundle-SymbolicName", "acme.sentiment;singleton:=true");
        headers.put("Bundle-Version", "1.2.0.rc_1");
        headers.put("Bundle-Description", "Sentiment of English text");
        headers.put("Bundle-License", "Apache-2.0");
        headers.put("Bundle-Copyright", "Acme & Co.");
        headers.put("Bundle-DocURL", "https://acme.test/sentiment?a=1&b=2");
        headers.put("Provide-Capability", "brick;brick=\"acme/sentiment\";version:Version=\"1.2.0.rc_1\";kind=head;"
                + "labels:List<String>=\"negative,positive\";layers:Long=2;temperature:Double=\"0.7\","
                + "brick.metrics;accuracy:Double=0.91;uses:=\"a.b\"");
        headers.put("Require-Capability", "brick.base;filter:=\"(&(brick.base=all-minilm-l6-v2)(dim>=384))\","
                + "brick.tokenizer;filter:=\"(name=wordpiece)\";resolution:=optional;effective:=active");

        Resource fromIndex = single(RepositoryXml.write("test", 3,
                List.of(BundleResource.of(version(headers), URL))));

        ResourceBuilder bnd = new ResourceBuilder();
        bnd.addManifest(Domain.domain(headers));
        bnd.addContentCapability(URI.create(URL), DIGEST.substring("sha256:".length()), 4309,
                BundleResource.BUNDLE_MIME_TYPE);
        assertEquals(describe(bnd.build()), describe(fromIndex));
    }

    @Test
    void valuesWithMarkupLineBreaksAndOddCharactersReadBackAsWritten() throws Exception {
        String description = "<b>\"R&D\"</b> 'tabs'\there\r\nnext line ]]> \uD83E\uDDF1 end";
        Map<String, String> headers = Map.of("Bundle-SymbolicName", "acme.odd", "Bundle-Version", "1.0.0",
                "Bundle-Description", description + "\u0001\uDC00",
                "Provide-Capability", "brick;brick=\"acme/odd\";note=\"a \\\"quoted\\\" <word>, & more\"");

        Resource resource = single(RepositoryXml.write("name with \"quotes\" & <tags>", 1,
                List.of(BundleResource.of(version(headers), URL + "?x=1&y=2"))));

        assertEquals(description + "\uFFFD\uFFFD",
                resource.getCapabilities("osgi.identity").get(0).getAttributes().get("description"),
                "characters XML 1.0 cannot carry become U+FFFD; everything else survives");
        assertEquals("a \"quoted\" <word>, & more", resource.getCapabilities("brick").get(0).getAttributes()
                .get("note"));
        assertEquals(URL + "?x=1&y=2", resource.getCapabilities("osgi.content").get(0).getAttributes()
                .get("url"));
    }

    @Test
    void anEmptyRegistryIsAValidEmptyRepository() throws Exception {
        String xml = RepositoryXml.write("Brickyard", 0, List.of());
        XMLResourceParser parser = new XMLResourceParser(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
                "empty", URI.create("http://registry.test/"));

        assertEquals(List.of(), parser.parse());
        assertEquals("Brickyard", parser.name());
        assertEquals(0, parser.increment());
        parser.close();
    }

    @Test
    void refusesAStoredHeaderThatIsNotValidOsgi() {
        Map<String, String> headers = Map.of("Bundle-SymbolicName", "acme.bad", "Bundle-Version", "1.0.0",
                "Provide-Capability", "brick;brick=acme/bad;version:Version=\"1.0-beta\"");

        assertThrows(IllegalArgumentException.class, () -> BundleResource.of(version(headers), URL));
    }

    private static Resource single(String xml) throws Exception {
        List<Resource> resources = XMLResourceParser.getResources(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), URI.create("http://registry.test/"));
        assertNotNull(resources, () -> "bnd refused the document:\n" + xml);
        assertEquals(1, resources.size());
        return resources.get(0);
    }

    private static VersionRecord version(Map<String, String> headers) {
        return new VersionRecord(BrickId.parse("acme/sentiment"), SemVer.parse("1.2.0"), BrickKind.HEAD,
                BrickOrigin.CUSTOMIZED, "all-minilm-l6-v2", "test", List.of(), List.of(), "{}", "", headers,
                new float[0], DIGEST, 4309, false, null, 0, Instant.EPOCH, "test");
    }

    /** Every capability and requirement as text, typed values with their class, in a stable order. */
    static TreeSet<String> describe(Resource resource) {
        TreeSet<String> described = new TreeSet<>();
        for (Capability capability : resource.getCapabilities(null)) {
            described.add("capability " + capability.getNamespace() + " " + attributes(capability.getAttributes())
                    + " " + new TreeMap<>(capability.getDirectives()));
        }
        for (Requirement requirement : resource.getRequirements(null)) {
            described.add("requirement " + requirement.getNamespace() + " " + attributes(requirement.getAttributes())
                    + " " + new TreeMap<>(requirement.getDirectives()));
        }
        return described;
    }

    private static String attributes(Map<String, Object> attributes) {
        Map<String, String> typed = new TreeMap<>();
        for (String key : attributes.keySet()) {
            Object value = attributes.get(key);
            // bnd writes the content hash in upper case, the registry in lower case; both are the same hex.
            String text = key.equals("osgi.content") ? value.toString().toLowerCase() : value.toString();
            String type = value instanceof List<?> list && !list.isEmpty()
                    ? "List<" + list.get(0).getClass().getSimpleName() + ">" : value.getClass().getSimpleName();
            typed.put(key, text + " (" + type + ")");
        }
        return typed.toString();
    }
}
