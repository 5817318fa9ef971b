package dev.brickyard.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.problem.Problem;
import dev.brickyard.http.registry.BrickDetail;
import dev.brickyard.http.registry.BrickSummary;
import dev.brickyard.http.registry.CapabilityDocument;
import dev.brickyard.http.registry.CreatedToken;
import dev.brickyard.http.registry.ResolvedVersion;
import dev.brickyard.http.registry.SearchPage;
import dev.brickyard.http.registry.TokenInfo;
import dev.brickyard.http.registry.TokenList;
import dev.brickyard.http.registry.TokenRequest;
import dev.brickyard.http.registry.VersionDetail;
import dev.brickyard.http.registry.VersionSummary;
import dev.brickyard.http.registry.YankRequest;
import dev.brickyard.registry.resource.AdminOnly;
import dev.brickyard.registry.resource.EventsResource;
import dev.brickyard.registry.resource.OpenApiResource;
import dev.brickyard.registry.store.RegistryEvent;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /openapi.json} against the application a registry really runs: every documented operation is served,
 * every served operation is documented with the parameters, body and security it really takes, and the lists
 * the server keeps in enums are the server's. Adding an endpoint without documenting it fails here.
 */
class OpenApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*([^}:\\s]+)\\s*(:[^}]*)?}");
    private static final List<String> HTTP_METHODS = List.of("get", "put", "post", "delete", "head", "patch",
            "options", "trace");

    @TempDir
    static java.nio.file.Path data;
    static RegistryFixture registry;
    static JsonNode document;
    /** {@code "get /v1/bricks"} → the Jersey method that serves it. */
    static Map<String, ResourceMethod> served;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.start(data);
        HttpResponse<String> response = registry.get("openapi.json");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElseThrow()
                .startsWith("application/json"));
        document = JSON.readTree(response.body());
        ResourceConfig application = RegistryServer.application(registry.server().registry(),
                new EventsResource(registry.server().registry().store()), Set.of(), false);
        served = servedOperations(application);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void documentsExactlyTheOperationsTheApplicationServes() {
        Set<String> documented = new TreeSet<>(operations().keySet());

        Set<String> undocumented = new TreeSet<>(served.keySet());
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served.keySet());
        assertEquals(Set.of(), undocumented, "served but missing from openapi.json");
        assertEquals(Set.of(), notServed, "in openapi.json but not served");
        assertTrue(served.keySet().containsAll(List.of("get /v1/bricks", "put /v1/bricks/{namespace}/{name}/{version}",
                "head /v1/bricks/{namespace}/{name}/{version}/download", "get /v1/events", "get /v1/resolve",
                "get /osgi/index.xml", "get /openapi.json")), served.keySet()::toString);
    }

    /** Whether {@link AdminAuthentication} checks the token of requests to the method, before it runs. */
    private static boolean adminOnly(ResourceMethod method) {
        Method definition = method.getInvocable().getDefinitionMethod();
        return definition.isAnnotationPresent(AdminOnly.class)
                || definition.getDeclaringClass().isAnnotationPresent(AdminOnly.class);
    }

    @Test
    void documentsTheParametersEachOperationReads() {
        for (Map.Entry<String, JsonNode> operation : operations().entrySet()) {
            ResourceMethod method = served.get(operation.getKey());
            if (method == null) {
                continue; // reported by documentsExactlyTheOperationsTheApplicationServes
            }
            String where = operation.getKey() + " (" + method.getInvocable().getDefinitionMethod() + ")";
            Map<String, Set<String>> documented = documentedParameters(operation.getKey(), operation.getValue());
            Map<Parameter.Source, Set<String>> read = readParameters(method);

            assertEquals(read.getOrDefault(Parameter.Source.QUERY, Set.of()), documented.getOrDefault("query", Set.of()),
                    "query parameters of " + where);
            Set<String> templateVariables = templateVariables(operation.getKey().split(" ", 2)[1]);
            assertEquals(templateVariables, documented.getOrDefault("path", Set.of()), "path parameters of " + where);
            assertTrue(templateVariables.containsAll(read.getOrDefault(Parameter.Source.PATH, Set.of())),
                    "path parameters of " + where);
            Set<String> headers = new TreeSet<>(read.getOrDefault(Parameter.Source.HEADER, Set.of()));
            boolean readsToken = headers.remove(HttpHeaders.AUTHORIZATION) | adminOnly(method);
            assertTrue(documented.getOrDefault("header", Set.of()).containsAll(headers),
                    "header parameters of " + where + ": reads " + headers + ", documents "
                            + documented.getOrDefault("header", Set.of()));
            assertEquals(readsToken, operation.getValue().has("security"),
                    where + " reads a bearer token exactly when it documents security");
            assertEquals(read.containsKey(Parameter.Source.ENTITY), operation.getValue().has("requestBody"),
                    where + " takes a body exactly when it documents one");
            assertTrue(operation.getValue().path("responses").size() > 0, where + " documents its responses");
        }
    }

    @Test
    void theErrorCodesAreTheServersOwn() {
        JsonNode code = document.at("/components/schemas/Problem/properties/code");
        assertEquals("#/components/schemas/ErrorCode", code.path("$ref").asText());
        JsonNode errorCode = document.at("/components/schemas/ErrorCode");

        assertEquals(ErrorCode.of(ErrorCode.Api.REGISTRY).stream().map(ErrorCode::code).toList(),
                texts(errorCode.path("enum")));
        for (ErrorCode value : ErrorCode.of(ErrorCode.Api.REGISTRY)) {
            assertEquals(value.status(), errorCode.path("x-status").path(value.code()).asInt(), value.code());
            assertTrue(errorCode.path("description").asText().contains("| `" + value.code() + "` | "
                    + value.status() + " | " + value.title() + " |"), value.code());
        }
        assertEquals(Arrays.stream(BrickKind.values()).map(BrickKind::jsonName).toList(),
                texts(document.at("/components/schemas/BrickKind/enum")));
        assertEquals(Arrays.stream(RegistryEvent.Type.values()).map(RegistryEvent.Type::jsonName).toList(),
                texts(document.at("/components/schemas/EventType/enum")));
    }

    @Test
    void namesTheServerItWasFetchedFrom() {
        assertEquals(registry.uri().toString(), document.path("servers").path(0).path("url").asText());
        assertEquals("3.1.0", document.path("openapi").asText());
        assertFalse(OpenApiResource.load().has("servers"), "the stored document is the same for every server");
    }

    @Test
    void everyReferenceResolves() {
        List<String> references = new ArrayList<>();
        collectReferences(document, references);

        assertFalse(references.isEmpty());
        for (String reference : references) {
            assertTrue(reference.startsWith("#/"), reference);
            assertFalse(document.at(reference.substring(1)).isMissingNode(), "unresolved " + reference);
        }
    }

    @Test
    void schemasHaveThePropertiesOfTheRecordsTheApiWrites() {
        Map<String, Class<?>> records = Map.ofEntries(Map.entry("SearchPage", SearchPage.class),
                Map.entry("BrickSummary", BrickSummary.class), Map.entry("BrickDetail", BrickDetail.class),
                Map.entry("VersionSummary", VersionSummary.class), Map.entry("VersionDetail", VersionDetail.class),
                Map.entry("CapabilityDocument", CapabilityDocument.class),
                Map.entry("ResolvedVersion", ResolvedVersion.class), Map.entry("YankRequest", YankRequest.class),
                Map.entry("TokenInfo", TokenInfo.class), Map.entry("TokenRequest", TokenRequest.class),
                Map.entry("CreatedToken", CreatedToken.class), Map.entry("TokenList", TokenList.class),
                Map.entry("Problem", Problem.class), Map.entry("ProblemViolation", Problem.ProblemViolation.class));
        for (Map.Entry<String, Class<?>> record : records.entrySet()) {
            Set<String> components = Arrays.stream(record.getValue().getRecordComponents())
                    .map(java.lang.reflect.RecordComponent::getName).collect(Collectors.toCollection(TreeSet::new));
            Set<String> properties = new TreeSet<>();
            document.at("/components/schemas/" + record.getKey() + "/properties").fieldNames()
                    .forEachRemaining(properties::add);
            assertEquals(components, properties, record.getKey());
        }
    }

    @Test
    void theUserGuideListsEveryErrorCodeWithItsStatus() throws Exception {
        java.nio.file.Path guide = java.nio.file.Path.of("..", "docs", "registry-api.md");
        String text = Files.readString(guide, StandardCharsets.UTF_8);

        for (ErrorCode code : ErrorCode.of(ErrorCode.Api.REGISTRY)) {
            assertTrue(text.contains("| `" + code.code() + "` | " + code.status() + " |"),
                    "docs/registry-api.md lacks the row of " + code.code());
        }
        for (String operation : served.keySet()) {
            String[] parts = operation.split(" ", 2);
            assertTrue(text.contains(parts[0].toUpperCase() + " " + parts[1]),
                    "docs/registry-api.md does not mention " + operation);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** {@code "get /path"} → operation object, for every operation in the document. */
    private static Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> HTTP_METHODS.forEach(method -> {
            if (path.getValue().has(method)) {
                operations.put(method + " " + path.getKey(), path.getValue().get(method));
            }
        }));
        return operations;
    }

    /** Parameter names by location ({@code query}, {@code path}, {@code header}), path-level ones included. */
    private static Map<String, Set<String>> documentedParameters(String operation, JsonNode node) {
        List<JsonNode> parameters = new ArrayList<>();
        document.path("paths").path(operation.split(" ", 2)[1]).path("parameters").forEach(parameters::add);
        node.path("parameters").forEach(parameters::add);
        Map<String, Set<String>> byLocation = new TreeMap<>();
        for (JsonNode parameter : parameters) {
            JsonNode resolved = parameter.has("$ref") ? document.at(parameter.get("$ref").asText().substring(1))
                    : parameter;
            assertNotNull(resolved.get("name"), operation + ": " + parameter);
            byLocation.computeIfAbsent(resolved.path("in").asText(), in -> new TreeSet<>())
                    .add(resolved.get("name").asText());
        }
        return byLocation;
    }

    private static Map<Parameter.Source, Set<String>> readParameters(ResourceMethod method) {
        Map<Parameter.Source, Set<String>> read = new TreeMap<>();
        for (Parameter parameter : method.getInvocable().getParameters()) {
            if (parameter.getSource() == Parameter.Source.ENTITY) {
                read.computeIfAbsent(Parameter.Source.ENTITY, source -> new TreeSet<>()).add("body");
            } else if (parameter.getSourceName() != null && !parameter.getSourceName().isEmpty()) {
                read.computeIfAbsent(parameter.getSource(), source -> new TreeSet<>()).add(parameter.getSourceName());
            }
        }
        return read;
    }

    /** Every resource method of the application's root resources, keyed {@code "get /v1/bricks"}. */
    private static Map<String, ResourceMethod> servedOperations(ResourceConfig application) {
        Set<Class<?>> classes = new LinkedHashSet<>(application.getClasses());
        application.getInstances().forEach(instance -> classes.add(instance.getClass()));
        List<Resource> roots = new ArrayList<>(application.getResources());
        for (Class<?> type : classes) {
            if (type.isAnnotationPresent(Path.class)) {
                roots.add(Resource.from(type));
            }
        }
        Map<String, ResourceMethod> operations = new TreeMap<>();
        for (Resource root : roots) {
            collect(root, "", operations);
        }
        return operations;
    }

    private static void collect(Resource resource, String parentPath, Map<String, ResourceMethod> operations) {
        String path = join(parentPath, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            String key = method.getHttpMethod().toLowerCase() + " " + path;
            assertFalse(operations.containsKey(key), "served twice: " + key);
            operations.put(key, method);
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, operations);
        }
    }

    /** Joins Jersey path templates the way OpenAPI writes them: one slash between parts, {@code {name}} only. */
    private static String join(String parent, String child) {
        String joined = (parent + "/" + (child == null ? "" : child)).replaceAll("/+", "/");
        if (joined.length() > 1 && joined.endsWith("/")) {
            joined = joined.substring(0, joined.length() - 1);
        }
        Matcher template = TEMPLATE.matcher(joined.isEmpty() ? "/" : joined);
        return template.replaceAll("{$1}");
    }

    private static Set<String> templateVariables(String path) {
        Set<String> names = new TreeSet<>();
        Matcher template = TEMPLATE.matcher(path);
        while (template.find()) {
            names.add(template.group(1));
        }
        return names;
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("$ref")) {
                    references.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), references);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectReferences(child, references));
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
