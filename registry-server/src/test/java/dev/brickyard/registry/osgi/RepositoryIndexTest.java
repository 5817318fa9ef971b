package dev.brickyard.registry.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.repository.XMLResourceParser;
import aQute.bnd.osgi.resource.CapReqBuilder;
import aQute.bnd.osgi.resource.CapabilityBuilder;
import aQute.bnd.osgi.resource.ResourceBuilder;
import dev.brickyard.api.manifest.BaseModelRef;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryFixture;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.blob.StagedBlob;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.VersionRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarInputStream;
import org.apache.felix.resolver.Logger;
import org.apache.felix.resolver.ResolverImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wire;
import org.osgi.service.resolver.ResolutionException;

/**
 * A real registry's {@code /osgi/index.xml}, read by bnd's repository parser and resolved by Felix's resolver the
 * way a host would: against a system resource that provides its base model.
 */
class RepositoryIndexTest {
    private static final String SENTIMENT = "brick;filter:=\"(brick=acme/sentiment)\"";
    private static final BaseModelRef OTHER_BASE = new BaseModelRef("bge-small-en-v1.5", 384,
            "sha256:" + "ab".repeat(32));

    @TempDir
    static Path data;
    static RegistryFixture registry;
    /** The bytes published as acme/sentiment 1.2.0 (every {@code BrickJar.bytes()} stamps the time anew). */
    static byte[] sentiment120;

    @BeforeAll
    static void publishBricks() throws Exception {
        registry = RegistryFixture.start(data);
        sentiment120 = BrickJar.head("acme/sentiment", "1.2.0", "negative", "positive").bytes();
        assertEquals(201, registry.publish("acme/sentiment", "1.2.0", sentiment120, registry.token()).statusCode());
        for (BrickJar brick : List.of(BrickJar.head("acme/sentiment", "1.1.0", "negative", "positive"),
                BrickJar.head("acme/sentiment", "1.3.0", "negative", "positive"),
                BrickJar.head("acme/topic", "0.1.0", "sports", "politics", "science"))) {
            assertEquals(201, registry.publish(brick).statusCode());
        }
        assertEquals(200, registry.post("v1/bricks/acme/sentiment/1.3.0/yank", "{\"reason\": \"wrong labels\"}",
                registry.token()).statusCode());
        storeBrickForAnotherBase("acme/bge-sentiment", "1.0.0");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aHostResolvesABrickRequirementToTheNewestVersionAndGetsItsBytes() throws Exception {
        List<Resource> index = index("osgi/index.xml");

        Resource chosen = resolve(index, host(OsgiBase.MINILM), SENTIMENT);

        assertEquals("acme.sentiment", identity(chosen).get("osgi.identity"));
        assertEquals(new Version(1, 2, 0), identity(chosen).get("version"), "1.3.0 is yanked, 1.1.0 is older");
        Map<String, Object> content = chosen.getCapabilities("osgi.content").get(0).getAttributes();
        HttpResponse<byte[]> download = registry.http().send(HttpRequest.newBuilder(
                URI.create((String) content.get("url"))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertEquals(content.get("osgi.content"), sha256(download.body()));
        assertEquals(sha256(sentiment120), sha256(download.body()));
        assertEquals((long) download.body().length, content.get("size"));
        assertEquals("application/vnd.osgi.bundle", content.get("mime"));
    }

    @Test
    void aBrickBuiltForAnotherBaseModelDoesNotResolve() throws Exception {
        List<Resource> index = index("osgi/index.xml");
        assertTrue(index.stream().anyMatch(r -> "acme.bge-sentiment".equals(identity(r).get("osgi.identity"))),
                "the brick is in the index");

        ResolutionException error = assertThrows(ResolutionException.class,
                () -> resolve(index, host(OsgiBase.MINILM), "brick;filter:=\"(brick=acme/bge-sentiment)\""));
        assertTrue(error.getMessage().contains("brick.base"), error.getMessage());
    }

    @Test
    void aHostRunningAnotherBaseModelCannotUseAMiniLmBrick() throws Exception {
        List<Resource> index = index("osgi/index.xml");

        assertThrows(ResolutionException.class, () -> resolve(index, host(OsgiBase.BGE), SENTIMENT));
        assertEquals("acme.bge-sentiment", identity(resolve(index, host(OsgiBase.BGE),
                "brick;filter:=\"(brick=acme/bge-sentiment)\"")).get("osgi.identity"));
    }

    @Test
    void yankedVersionsAreLeftOutUnlessAskedFor() throws Exception {
        assertEquals(List.of("1.2.0", "1.1.0"), versions(index("osgi/index.xml"), "acme.sentiment"));
        assertEquals(List.of("1.3.0", "1.2.0", "1.1.0"),
                versions(index("osgi/index.xml?include_yanked=true"), "acme.sentiment"));

        HttpResponse<String> withYanked = registry.get("osgi/index.xml?include_yanked=true");
        assertNotEquals(registry.get("osgi/index.xml").headers().firstValue("ETag"),
                withYanked.headers().firstValue("ETag"));
    }

    @Test
    void describesEachBundleExactlyAsBndDescribesTheSameJar() throws Exception {
        Resource indexed = index("osgi/index.xml").stream()
                .filter(r -> "acme.sentiment".equals(identity(r).get("osgi.identity"))
                        && new Version(1, 2, 0).equals(identity(r).get("version")))
                .findFirst().orElseThrow();
        String url = (String) indexed.getCapabilities("osgi.content").get(0).getAttributes().get("url");
        Path jar = Files.write(data.resolve("sentiment-1.2.0.jar"), sentiment120);

        Resource byBnd = ResourceBuilder.parse(jar.toFile(), URI.create(url));

        assertEquals(RepositoryXmlTest.describe(byBnd), RepositoryXmlTest.describe(indexed));
        assertEquals(new Version(1, 2, 0), indexed.getCapabilities("brick").get(0).getAttributes().get("version"),
                "version:Version stays a Version");
        assertEquals(List.of("brick.base"), indexed.getRequirements(null).stream().map(Requirement::getNamespace)
                .toList());
    }

    @Test
    void typedAttributesAndMarkupInValuesSurviveTheRoundTrip() throws Exception {
        String note = "<b>\"quoted\" & 'single'</b>";
        BrickJar quoted = BrickJar.head("acme/quoted", "0.1.0", "a", "b").header("Provide-Capability",
                "brick;brick=\"acme/quoted\";version:Version=\"0.1.0\";kind=head;note=\""
                        + note.replace("\"", "\\\"") + "\";layers:Long=7;scale:Double=0.5;"
                        + "langs:List<String>=\"en,de\";sizes:List<Long>=\"1,2\"");
        assertEquals(201, registry.publish(quoted).statusCode());

        Map<String, Object> brick = index("osgi/index.xml").stream()
                .flatMap(r -> r.getCapabilities("brick").stream()).map(Capability::getAttributes)
                .filter(attributes -> "acme/quoted".equals(attributes.get("brick"))).findFirst().orElseThrow();

        assertEquals(note, brick.get("note"));
        assertEquals(7L, brick.get("layers"));
        assertEquals(0.5, brick.get("scale"));
        assertEquals(List.of("en", "de"), brick.get("langs"));
        assertEquals(List.of(1L, 2L), brick.get("sizes"));
        assertEquals(new Version(0, 1, 0), brick.get("version"));
    }

    @Test
    void answersNotModifiedUntilTheRegistryChanges() throws Exception {
        HttpResponse<String> first = registry.get("osgi/index.xml");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        long lastEvent = registry.server().registry().store().lastEventId();
        assertEquals("\"" + lastEvent + "\"", etag);
        assertTrue(first.headers().firstValue("Content-Type").orElseThrow().startsWith("application/xml"));
        assertTrue(first.headers().firstValue("Last-Modified").isPresent());
        XMLResourceParser parser = new XMLResourceParser(new ByteArrayInputStream(
                first.body().getBytes(StandardCharsets.UTF_8)), "index", registry.uri());
        assertNotNull(parser.parse());
        assertEquals(lastEvent, parser.increment());
        assertEquals("Brickyard", parser.name());
        parser.close();

        HttpResponse<String> again = conditionalGet(etag);
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertEquals(etag, again.headers().firstValue("ETag").orElseThrow());

        assertEquals(201, registry.publish(BrickJar.head("acme/topic", "0.2.0", "sports", "politics")).statusCode());
        HttpResponse<String> changed = conditionalGet(etag);
        assertEquals(200, changed.statusCode());
        assertNotEquals(etag, changed.headers().firstValue("ETag").orElseThrow());
        assertTrue(versions(XMLResourceParser.getResources(new ByteArrayInputStream(
                changed.body().getBytes(StandardCharsets.UTF_8)), registry.uri()), "acme.topic").contains("0.2.0"));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The two base models the tests' hosts run. */
    private enum OsgiBase {
        MINILM("all-minilm-l6-v2", 384), BGE(OTHER_BASE.name(), OTHER_BASE.dim());

        final String name;
        final long dim;

        OsgiBase(String name, long dim) {
            this.name = name;
            this.dim = dim;
        }
    }

    /** A host's system resource: the framework, providing the base model it runs as {@code brick.base}. */
    private static Resource host(OsgiBase base) throws Exception {
        ResourceBuilder system = new ResourceBuilder();
        system.addCapability(new CapabilityBuilder("osgi.identity").addAttribute("osgi.identity", "system.bundle")
                .addAttribute("type", "osgi.bundle").addAttribute("version", new Version(7, 0, 5)));
        system.addCapability(new CapabilityBuilder("brick.base").addAttribute("brick.base", base.name)
                .addAttribute("dim", base.dim));
        return system.build();
    }

    /** Resolves one requirement, written as in a manifest, and answers the resource that satisfies it. */
    private static Resource resolve(List<Resource> index, Resource system, String requirement) throws Exception {
        ResourceBuilder rootBuilder = new ResourceBuilder();
        rootBuilder.addRequirement(CapReqBuilder.getRequirementsFrom(new Parameters(requirement), false));
        Resource root = rootBuilder.build();

        Map<Resource, List<Wire>> wiring = new ResolverImpl(new Logger(Logger.LOG_ERROR))
                .resolve(new IndexResolveContext(system, index, root));

        List<Wire> wires = wiring.get(root);
        assertNotNull(wires, "the root resource is wired");
        assertEquals(1, wires.size(), wires::toString);
        Resource provider = wires.get(0).getProvider();
        assertTrue(wiring.containsKey(provider), "the chosen brick resolves too");
        return provider;
    }

    private static List<Resource> index(String path) throws Exception {
        HttpResponse<byte[]> response = registry.http().send(HttpRequest.newBuilder(registry.uri().resolve(path))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        List<Resource> resources = XMLResourceParser.getResources(new ByteArrayInputStream(response.body()),
                registry.uri());
        assertNotNull(resources, () -> "bnd refused the index:\n" + new String(response.body(), StandardCharsets.UTF_8));
        return resources;
    }

    private HttpResponse<String> conditionalGet(String etag) throws IOException, InterruptedException {
        return registry.http().send(HttpRequest.newBuilder(registry.uri().resolve("osgi/index.xml"))
                .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> identity(Resource resource) {
        return resource.getCapabilities("osgi.identity").get(0).getAttributes();
    }

    private static List<String> versions(List<Resource> index, String symbolicName) {
        return index.stream().filter(r -> symbolicName.equals(identity(r).get("osgi.identity")))
                .map(r -> identity(r).get("version").toString()).sorted((a, b) -> Version.parseVersion(b)
                        .compareTo(Version.parseVersion(a))).toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * Stores a brick for another base model directly, as a registry that knows that model would have published
     * it: this registry's publisher refuses bricks for base models it does not run.
     */
    private static void storeBrickForAnotherBase(String id, String version) throws Exception {
        BrickJar brick = BrickJar.head(id, version, "negative", "positive").manifest(m -> new BrickManifest(
                m.schemaVersion(), m.id(), m.version(), m.kind(), m.origin(), m.granularity(), m.description(),
                m.tags(), m.labels(), m.io(), m.routingKey(), m.metrics(), m.license(), m.authors(), OTHER_BASE,
                m.weights()));
        byte[] bytes = brick.bytes();
        Map<String, String> headers = new TreeMap<>();
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(bytes))) {
            jar.getManifest().getMainAttributes().forEach((key, value) -> headers.put(key.toString(),
                    value.toString()));
        }
        RegistryServer.Registry services = registry.server().registry();
        StagedBlob staged = services.blobs().stage(new ByteArrayInputStream(bytes), bytes.length);
        VersionRecord record = new VersionRecord(BrickId.parse(id), SemVer.parse(version), brick.manifest().kind(),
                brick.manifest().origin(), OTHER_BASE.name(), brick.manifest().description(), List.of(), List.of(),
                "{}", "", headers, new float[384], staged.digest(), staged.size(), false, null, 0, Instant.now(),
                "test");
        assertEquals(BrickStore.PublishOutcome.CREATED,
                services.store().publish(record, () -> services.blobs().commit(staged)));
        services.blobs().discard(staged);
    }
}
