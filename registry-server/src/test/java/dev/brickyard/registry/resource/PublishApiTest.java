package dev.brickyard.registry.resource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.manifest.BaseModelRef;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.RawHttp;
import dev.brickyard.base.onnx.HeadGraph;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryFixture;
import dev.brickyard.registry.store.TokenRecord;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publish and read API end to end: a real registry on a random port, H2 in a temporary folder. */
class PublishApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long MAX_UPLOAD = 2L << 20;
    @TempDir
    static Path data;
    static RegistryFixture registry;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.start(RegistryConfig.embedded(data, 0).withMaxUploadBytes(MAX_UPLOAD));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void publishedVersionIsReadableAndDownloadsVerbatim() throws Exception {
        BrickJar brick = BrickJar.head("acme/readable", "1.2.0", "negative", "positive");
        byte[] bytes = brick.bytes();
        HttpResponse<String> created = registry.publish("acme/readable", "1.2.0", bytes, registry.token());
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/v1/bricks/acme/readable/1.2.0"));
        JsonNode version = JSON.readTree(created.body());
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(digest, version.get("digest").asText());
        assertEquals(bytes.length, version.get("size").asLong());

        JsonNode detail = JSON.readTree(registry.get("v1/bricks/acme/readable").body());
        assertEquals("1.2.0", detail.get("latest").asText());
        assertEquals("brick", detail.get("capabilities").get(0).get("namespace").asText());
        assertEquals("brick.base", detail.get("requirements").get(0).get("namespace").asText());
        assertEquals("brick host install acme/readable@^1.2.0", detail.get("installCommand").asText());

        HttpResponse<byte[]> download = registry.http().send(HttpRequest.newBuilder(
                registry.uri().resolve("v1/bricks/acme/readable/1.2.0/download")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertArrayEquals(bytes, download.body());
        assertEquals("\"" + digest + "\"", download.headers().firstValue("ETag").orElseThrow());
        assertEquals("sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(
                digest.substring(7))) + ":", download.headers().firstValue("Content-Digest").orElseThrow());

        HttpResponse<byte[]> range = registry.http().send(HttpRequest.newBuilder(
                registry.uri().resolve("v1/bricks/acme/readable/1.2.0/download")).header("Range", "bytes=10-19").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, range.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 10, 20), range.body());
        assertEquals("bytes 10-19/" + bytes.length, range.headers().firstValue("Content-Range").orElseThrow());

        HttpResponse<String> notModified = registry.http().send(HttpRequest.newBuilder(
                registry.uri().resolve("v1/bricks/acme/readable/1.2.0/download"))
                .header("If-None-Match", "\"" + digest + "\"").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(304, notModified.statusCode());
        HttpResponse<String> outside = registry.http().send(HttpRequest.newBuilder(
                registry.uri().resolve("v1/bricks/acme/readable/1.2.0/download"))
                .header("Range", "bytes=999999-").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(416, outside.statusCode());
        assertEquals("range_not_satisfiable", JSON.readTree(outside.body()).get("code").asText());

        assertEquals(1, JSON.readTree(registry.get("v1/bricks/acme/readable/1.2.0").body()).get("downloads").asLong(),
                "one client counts once: the range repeats its download, the 304 and the 416 send no bytes");
    }

    @Test
    void versionsAreImmutableButRetriesAreIdempotent() throws Exception {
        byte[] first = BrickJar.head("acme/immutable", "1.0.0", "a", "b").bytes();
        assertEquals(201, registry.publish("acme/immutable", "1.0.0", first, registry.token()).statusCode());
        HttpResponse<String> again = registry.publish("acme/immutable", "1.0.0", first, registry.token());
        assertEquals(200, again.statusCode(), again.body());
        byte[] other = BrickJar.head("acme/immutable", "1.0.0", "a", "b", "c").bytes();
        HttpResponse<String> conflict = registry.publish("acme/immutable", "1.0.0", other, registry.token());
        assertProblem(conflict, 409, "version_exists");
        assertEquals(digestOf(first), JSON.readTree(registry.get("v1/bricks/acme/immutable/1.0.0").body())
                .get("digest").asText());
    }

    @Test
    void yankedVersionsAreSkippedByRangesButStayDownloadableByExactVersion() throws Exception {
        registry.publish(BrickJar.head("acme/yanky", "1.0.0", "a", "b"));
        registry.publish(BrickJar.head("acme/yanky", "1.1.0", "a", "b"));
        assertProblem(registry.post("v1/bricks/acme/yanky/1.1.0/yank", "{\"reason\":\"\"}", registry.token()), 400,
                "bad_request");
        HttpResponse<String> yanked = registry.post("v1/bricks/acme/yanky/1.1.0/yank",
                "{\"reason\":\"wrong labels\"}", registry.token());
        assertEquals(200, yanked.statusCode(), yanked.body());
        assertTrue(JSON.readTree(yanked.body()).get("yanked").asBoolean());

        assertEquals("1.0.0", JSON.readTree(registry.get("v1/resolve?ref=acme/yanky@%5E1").body()).get("version").asText());
        JsonNode pinned = JSON.readTree(registry.get("v1/resolve?ref=acme/yanky@=1.1.0").body());
        assertEquals("1.1.0", pinned.get("version").asText());
        assertTrue(pinned.get("yanked").asBoolean());
        assertEquals(200, registry.get("v1/bricks/acme/yanky/1.1.0/download").statusCode());
        JsonNode detail = JSON.readTree(registry.get("v1/bricks/acme/yanky").body());
        assertEquals("1.0.0", detail.get("latest").asText());
        assertEquals("wrong labels", detail.get("versions").get(0).get("yankReason").asText());

        registry.post("v1/bricks/acme/yanky/1.0.0/yank", "{\"reason\":\"all bad\"}", registry.token());
        assertFalse(registry.get("v1/bricks?q=yanky").body().contains("acme/yanky"),
                "a brick with only yanked versions is not in default search");
        assertTrue(registry.get("v1/bricks?q=yanky&include_yanked=true").body().contains("acme/yanky"));
        assertProblem(registry.get("v1/resolve?ref=acme/yanky@%5E1"), 404, "no_matching_version");

        assertEquals(200, registry.post("v1/bricks/acme/yanky/1.1.0/unyank", null, registry.token()).statusCode());
        assertEquals("1.1.0", JSON.readTree(registry.get("v1/resolve?ref=acme/yanky@%5E1").body()).get("version").asText());
    }

    @Test
    void resolvePicksTheBestVersionForTheBaseModel() throws Exception {
        for (String version : List.of("1.0.0", "1.2.0", "1.3.0-rc.1", "2.0.0")) {
            registry.publish(BrickJar.head("acme/ranged", version, "a", "b"));
        }
        assertEquals("1.2.0", resolved("acme/ranged@%5E1.0"));
        assertEquals("1.3.0-rc.1", resolved("acme/ranged@%3E%3D1.3.0-rc.1%20%3C2"));
        assertEquals("2.0.0", resolved("acme/ranged"));
        assertEquals("1.2.0", resolved("acme/ranged@~1.2&base=all-minilm-l6-v2"));
        assertProblem(registry.get("v1/resolve?ref=acme/ranged@%5E1&base=other-model"), 404, "no_matching_version");
        assertProblem(registry.get("v1/resolve?ref=acme/ranged@%5E3"), 404, "no_matching_version");
        assertProblem(registry.get("v1/resolve?ref=acme/nothing@%5E1"), 404, "brick_not_found");
        assertProblem(registry.get("v1/resolve?ref=acme/ranged@%5Ex.y"), 400, "invalid_range");
    }

    @Test
    void listsPageWithCursorsAndLinkHeaders() throws Exception {
        for (int i = 0; i < 5; i++) {
            registry.publish(BrickJar.head("acme/paged-" + i, "1.0.0", "a", "b")
                    .manifest(m -> m.withTags(List.of("paging"))));
        }
        List<String> seen = new ArrayList<>();
        String path = "v1/bricks?tag=paging&limit=2&sort=newest";
        int pages = 0;
        while (path != null) {
            HttpResponse<String> page = registry.get(path);
            assertEquals(200, page.statusCode(), page.body());
            JsonNode body = JSON.readTree(page.body());
            assertEquals(5, body.get("total").asInt());
            body.get("items").forEach(item -> seen.add(item.get("id").asText()));
            pages++;
            path = page.headers().firstValue("Link").map(link -> link.substring(link.indexOf('<') + 1,
                    link.indexOf('>'))).map(url -> url.substring(registry.uri().toString().length())).orElse(null);
        }
        assertEquals(3, pages);
        assertEquals(5, seen.stream().distinct().count());
        assertProblem(registry.get("v1/bricks?tag=paging&limit=2&cursor=garbage"), 400, "bad_request");
        assertProblem(registry.get("v1/bricks?limit=1000"), 400, "bad_request");
    }

    @Test
    void searchRanksByMeaningAsWellAsWords() throws Exception {
        registry.publish(BrickJar.head("acme/football-results", "1.0.0", "win", "loss")
                .manifest(m -> m.withDescription("Predicts whether a soccer team wins or loses from match reports.")));
        registry.publish(BrickJar.head("acme/invoice-parser", "1.0.0", "paid", "unpaid")
                .manifest(m -> m.withDescription("Tells paid invoices from unpaid bills in accounting mail.")));
        JsonNode byWord = JSON.readTree(registry.get("v1/bricks?q=football").body());
        assertEquals("acme/football-results", byWord.get("items").get(0).get("id").asText());
        JsonNode byMeaning = JSON.readTree(registry.get("v1/bricks?q=" + enc("which club won the match")).body());
        assertEquals("acme/football-results", byMeaning.get("items").get(0).get("id").asText(), byMeaning.toString());
        JsonNode money = JSON.readTree(registry.get("v1/bricks?q=" + enc("outstanding payments")).body());
        assertEquals("acme/invoice-parser", money.get("items").get(0).get("id").asText(), money.toString());
    }

    @Test
    void hostileSearchStringsAreHarmless() throws Exception {
        for (String query : List.of("' OR 1=1 --", "%", "_", "\"; DROP TABLE versions; --", "\\", "😀👍🏽",
                "مرحبا بالعالم", "a".repeat(500), "\u202Eevil", "<script>alert(1)</script>")) {
            HttpResponse<String> response = registry.get("v1/bricks?q=" + enc(query));
            assertEquals(200, response.statusCode(), query + ": " + response.body());
            assertTrue(JSON.readTree(response.body()).has("items"));
        }
        assertProblem(registry.get("v1/bricks?q=" + "a".repeat(501)), 400, "bad_request");
        assertProblem(registry.get("v1/bricks?sort=sideways"), 400, "bad_request");
        assertEquals(200, registry.get("v1/bricks?q=readable").statusCode(), "the database survived");
    }

    @Test
    void badUploadsAreRefusedWithSpecificCodesAndNothingIsStored() throws Exception {
        List<Object[]> cases = List.of(
                new Object[] {"not a zip", "acme/bad/1.0.0", "hello".getBytes(StandardCharsets.UTF_8), 422,
                        "brick_invalid"},
                new Object[] {"zip bomb", "acme/bad/1.0.0", BrickJar.head("acme/bad", "1.0.0", "a", "b")
                        .entry("brick/zeros.bin", new byte[40 << 20]).bytes(), 422, "brick_invalid"},
                new Object[] {"too many entries", "acme/bad/1.0.0", manyEntries(), 422, "brick_invalid"},
                new Object[] {"path traversal", "acme/bad/1.0.0", BrickJar.head("acme/bad", "1.0.0", "a", "b")
                        .entry("../../escape.txt", new byte[1]).bytes(), 422, "brick_invalid"},
                new Object[] {"other brick than the URL", "acme/other/1.0.0",
                        BrickJar.head("acme/bad", "1.0.0", "a", "b").bytes(), 422, "url_mismatch"},
                new Object[] {"other version than the URL", "acme/bad/2.0.0",
                        BrickJar.head("acme/bad", "1.0.0", "a", "b").bytes(), 422, "url_mismatch"},
                new Object[] {"invalid brick.json", "acme/bad/1.0.0", BrickJar.head("acme/bad", "1.0.0", "a", "b")
                        .brickJson("{\"schemaVersion\":1,\"id\":\"BAD\"}".getBytes(StandardCharsets.UTF_8)).bytes(),
                        422, "brick_invalid"},
                new Object[] {"ONNX that does not load", "acme/bad/1.0.0", BrickJar.head("acme/bad", "1.0.0", "a", "b")
                        .onnx("garbage".getBytes(StandardCharsets.UTF_8)).bytes(), 422, "brick_invalid"},
                new Object[] {"ONNX of the wrong shape", "acme/bad/1.0.0", BrickJar.head("acme/bad", "1.0.0", "a", "b")
                        .onnx(HeadGraph.linear(new float[512][2], new float[2], "w")).bytes(), 422, "brick_invalid"},
                new Object[] {"unknown base model", "acme/bad/1.0.0", BrickJar.head("acme/bad", "1.0.0", "a", "b")
                        .manifest(m -> m.withBase(new BaseModelRef("other-model", 384,
                                BaseModelVariant.FP32.digest()))).bytes(), 422, "brick_incompatible"});
        for (Object[] bad : cases) {
            String[] path = ((String) bad[1]).split("/");
            HttpResponse<String> response = registry.publish(path[0] + "/" + path[1], path[2], (byte[]) bad[2],
                    registry.token());
            assertProblem(response, (int) bad[3], (String) bad[4]);
            assertEquals(404, registry.get("v1/bricks/" + bad[1]).statusCode(), bad[0] + " left a version");
        }
        JsonNode invalid = JSON.readTree(registry.publish("acme/bad", "1.0.0", BrickJar.head("acme/bad", "1.0.0", "a", "b")
                .brickJson("{\"schemaVersion\":1,\"id\":\"BAD\"}".getBytes(StandardCharsets.UTF_8)).bytes(),
                registry.token()).body());
        assertTrue(invalid.get("violations").size() >= 3, invalid.toString());
        assertStagingEmpty();
    }

    /**
     * An over-size upload is refused by its {@code Content-Length} before its body is read. Only the headers are sent:
     * a client still writing 2 MiB when the registry answers and closes may see a reset instead of the 413, which made
     * this case flaky when it sent the body.
     */
    @Test
    void anOverSizeUploadIsRefusedByItsContentLengthBeforeItsBodyIsRead() throws Exception {
        try (Socket socket = RawHttp.connect(registry.uri())) {
            RawHttp.send(socket, "PUT /v1/bricks/acme/bad/1.0.0 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + registry.token() + "\r\nContent-Type: application/java-archive\r\nContent-Length: "
                    + (MAX_UPLOAD + 1) + "\r\n\r\n");
            String answer = RawHttp.readUntilClosed(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            // the problem document, whether the body came with a Content-Length or chunked
            assertEquals("upload_too_large", JSON.readTree(answer.substring(answer.indexOf('{'),
                    answer.lastIndexOf('}') + 1)).path("code").asText(), answer);
        }
        assertEquals(404, registry.get("v1/bricks/acme/bad/1.0.0").statusCode());
        assertStagingEmpty();
    }

    @Test
    void tokensAreCheckedForPresenceValidityRevocationNamespaceAndScope() throws Exception {
        byte[] bytes = BrickJar.head("acme/guarded", "1.0.0", "a", "b").bytes();
        assertProblem(registry.publish("acme/guarded", "1.0.0", bytes, null), 401, "unauthorized");
        assertProblem(registry.publish("acme/guarded", "1.0.0", bytes, "bky_nope_nope"), 401, "unauthorized");
        String other = registry.token("globex", TokenRecord.Scope.NAMESPACE_SCOPES);
        assertProblem(registry.publish("acme/guarded", "1.0.0", bytes, other), 403, "forbidden");
        String yankOnly = registry.token("acme", EnumSet.of(TokenRecord.Scope.YANK));
        assertProblem(registry.publish("acme/guarded", "1.0.0", bytes, yankOnly), 403, "forbidden");
        var created = registry.server().registry().tokens().create("acme", TokenRecord.Scope.NAMESPACE_SCOPES, "x");
        registry.server().registry().store().revokeToken(created.token().id());
        HttpResponse<String> revoked = registry.publish("acme/guarded", "1.0.0", bytes, created.secret());
        assertProblem(revoked, 401, "unauthorized");
        assertTrue(revoked.headers().firstValue("WWW-Authenticate").isPresent());
        assertEquals(404, registry.get("v1/bricks/acme/guarded").statusCode());

        String publishOnly = registry.token("acme", EnumSet.of(TokenRecord.Scope.PUBLISH));
        assertEquals(201, registry.publish("acme/guarded", "1.0.0", bytes, publishOnly).statusCode());
        assertProblem(registry.post("v1/bricks/acme/guarded/1.0.0/yank", "{\"reason\":\"x\"}", publishOnly), 403,
                "forbidden");
        assertProblem(registry.post("v1/bricks/acme/guarded/1.0.0/yank", "{\"reason\":\"x\"}", null), 401,
                "unauthorized");
    }

    @Test
    void aBodyThatIsNotJsonGetsAProblemDocument() throws Exception {
        HttpResponse<String> answer = registry.post("v1/bricks/acme/anything/1.0.0/yank", "{not json",
                registry.token());
        assertProblem(answer, 400, "bad_request");
        assertTrue(answer.body().contains("not the JSON expected"), answer.body());
    }

    @Test
    void aTokenCanAskWhatItMayDoButNeverSeesItsSecret() throws Exception {
        var created = registry.server().registry().tokens().create("initech", EnumSet.of(TokenRecord.Scope.YANK),
                "ci runner");
        HttpResponse<String> answer = registry.http().send(java.net.http.HttpRequest.newBuilder(
                        registry.uri().resolve("v1/token")).header("Authorization", "Bearer " + created.secret()).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode info = JSON.readTree(answer.body());
        assertEquals(created.token().id(), info.path("id").asText());
        assertEquals("initech", info.path("namespace").asText());
        assertEquals("[\"yank\"]", info.path("scopes").toString());
        assertEquals("ci runner", info.path("description").asText());
        assertFalse(answer.body().contains(created.secret().substring(17)), "the secret must not come back");

        assertProblem(registry.get("v1/token"), 401, "unauthorized");
        registry.server().registry().store().revokeToken(created.token().id());
        assertProblem(registry.http().send(java.net.http.HttpRequest.newBuilder(registry.uri().resolve("v1/token"))
                .header("Authorization", "Bearer " + created.secret()).GET().build(),
                HttpResponse.BodyHandlers.ofString()), 401, "unauthorized");
    }

    @Test
    void twentyConcurrentPublishesOfOneVersionHaveExactlyOneWinner() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bodies.add(BrickJar.head("acme/race", "1.0.0", "a", "b", "label-" + i).bytes());
        }
        List<Integer> statuses = race(bodies);
        assertEquals(1, statuses.stream().filter(status -> status == 201).count(), statuses.toString());
        assertEquals(19, statuses.stream().filter(status -> status == 409).count(), statuses.toString());

        byte[] same = BrickJar.head("acme/race-same", "1.0.0", "a", "b").bytes();
        List<Integer> idempotent = race(java.util.Collections.nCopies(20, same));
        assertEquals(1, idempotent.stream().filter(status -> status == 201).count(), idempotent.toString());
        assertEquals(19, idempotent.stream().filter(status -> status == 200).count(), idempotent.toString());
        assertStagingEmpty();
    }

    @Test
    void javasDefaultClientWhichOffersAnH2cUpgradeCanPublish() throws Exception {
        byte[] bytes = BrickJar.head("acme/upgrade", "1.0.0", "a", "b").bytes();
        java.net.http.HttpClient standard = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(5)).build();
        HttpResponse<String> response = standard.send(HttpRequest.newBuilder(
                registry.uri().resolve("v1/bricks/acme/upgrade/1.0.0"))
                .timeout(java.time.Duration.ofSeconds(20))
                .header("Content-Type", "application/java-archive")
                .header("Authorization", "Bearer " + registry.token())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void unknownPathsAndMethodsAnswerProblemJson() throws Exception {
        assertProblem(registry.get("v1/nothing-here"), 404, "not_found");
        assertProblem(registry.get("v1/bricks/acme/missing"), 404, "brick_not_found");
        assertProblem(registry.get("v1/bricks/Bad_Name/x"), 400, "bad_request");
        assertProblem(registry.get("v1/bricks/acme/x/1.0.0-" + "a".repeat(70)), 400, "bad_request");
        HttpResponse<String> wrongType = registry.http().send(HttpRequest.newBuilder(
                registry.uri().resolve("v1/bricks/acme/x/1.0.0")).header("Content-Type", "text/plain")
                .header("Authorization", "Bearer " + registry.token())
                .PUT(HttpRequest.BodyPublishers.ofString("hi")).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(wrongType, 415, "unsupported_media_type");
    }

    private List<Integer> race(List<byte[]> bodies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
        try {
            List<Callable<Integer>> publishes = new ArrayList<>();
            for (byte[] body : bodies) {
                publishes.add(() -> {
                    return registry.publish(idOf(body), "1.0.0", body, registry.token()).statusCode();
                });
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : pool.invokeAll(publishes)) {
                statuses.add(result.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String idOf(byte[] jar) throws Exception {
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals("brick/brick.json")) {
                    return JSON.readTree(zip.readAllBytes()).get("id").asText();
                }
            }
        }
        throw new IllegalArgumentException("no brick.json");
    }

    private String resolved(String query) throws Exception {
        HttpResponse<String> response = registry.get("v1/resolve?ref=" + query);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("version").asText();
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("")
                .split(";")[0], response.body());
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(code, problem.get("code").asText(), response.body());
        assertEquals(status, problem.get("status").asInt());
        assertFalse(response.body().contains("at dev.brickyard"), "a stack trace leaked: " + response.body());
    }

    private void assertStagingEmpty() throws Exception {
        try (Stream<Path> staged = Files.list(data.resolve("staging"))) {
            assertEquals(List.of(), staged.toList());
        }
    }

    private static byte[] manyEntries() throws Exception {
        BrickJar brick = BrickJar.head("acme/bad", "1.0.0", "a", "b");
        for (int i = 0; i < 1001; i++) {
            brick.entry("brick/extra/" + i + ".txt", new byte[] {1});
        }
        return brick.bytes();
    }

    private static String digestOf(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }



}
